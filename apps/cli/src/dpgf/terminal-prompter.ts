import { createInterface, type Interface } from 'node:readline/promises';

/** Asks a person questions; null when their input ended (Ctrl-D) or was closed. */
export interface Prompter {
  ask(question: string): Promise<string | null>;
  close(): void;
}

/** Questions on the terminal (stderr, so that stdout keeps only what was found), answers from stdin. */
export class TerminalPrompter implements Prompter {
  private readonly lines: Interface;
  private closed = false;

  constructor(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr) {
    this.lines = createInterface({ input, output, terminal: true });
    this.lines.once('close', () => (this.closed = true));
  }

  async ask(question: string): Promise<string | null> {
    if (this.closed) return null;
    const ended = new Promise<null>((resolve) => this.lines.once('close', () => resolve(null)));
    // readline rejects a pending question when its input closes: that is the same "no answer".
    return Promise.race([this.lines.question(question).catch(() => null), ended]);
  }

  close(): void {
    this.lines.close();
  }
}
