import { TerminalStyle } from './terminal-style';

/** Where a command's result goes: one JSON document for scripts (--json), or text for people. */
export class Output {
  /** Styling for stdout (what tables and summaries are written to). */
  readonly style: TerminalStyle;
  /** Styling for stderr (notes, errors, progress). */
  readonly errorStyle: TerminalStyle;

  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.style = TerminalStyle.for(stdout, env);
    this.errorStyle = TerminalStyle.for(stderr, env);
  }

  /** True when stderr is a terminal that can redraw a progress bar. */
  get interactive(): boolean {
    return Boolean(this.stderr.isTTY);
  }

  /** The API's JSON, as it came, pretty-printed: one document per command. */
  document(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One compact JSON document per line (JSON Lines), for streams such as followed logs. */
  jsonLine(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Text for people on stdout. */
  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  /** A remark on stderr that must not mix with what scripts read on stdout. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Either the JSON document or the human rendering of the same value. */
  result<T>(value: T, render: (value: T) => string): void {
    if (this.json) this.document(value);
    else this.line(render(value));
  }
}
