/** ANSI colours, or none: `TerminalStyle.plain` for pipes, files and NO_COLOR (https://no-color.org). */
export class TerminalStyle {
  static readonly plain = new TerminalStyle(false);

  constructor(readonly enabled: boolean) {}

  /** Colours for a terminal that is a TTY, unless NO_COLOR is set (to anything non-empty). */
  static for(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
    return new TerminalStyle(Boolean(stream.isTTY) && !env.NO_COLOR);
  }

  red = (text: string): string => this.wrap(31, text);
  green = (text: string): string => this.wrap(32, text);
  yellow = (text: string): string => this.wrap(33, text);
  cyan = (text: string): string => this.wrap(36, text);
  dim = (text: string): string => this.wrap(2, text);
  bold = (text: string): string => this.wrap(1, text);

  /** A run state in the colour of its outcome: green done, red failed, yellow on the way to something else. */
  state = (text: string, state: string = text): string => {
    switch (state) {
      case 'COMPLETED':
        return this.green(text);
      case 'FAILED':
      case 'CRASHED':
        return this.red(text);
      case 'RETRYING':
      case 'CANCELLING':
        return this.yellow(text);
      case 'RUNNING':
        return this.cyan(text);
      default:
        return this.dim(text);
    }
  };

  /** A log level: errors red, warnings yellow, debug dim. */
  level = (text: string, level: string): string => {
    if (level === 'error') return this.red(text);
    if (level === 'warn') return this.yellow(text);
    if (level === 'debug') return this.dim(text);
    return text;
  };

  private wrap(code: number, text: string): string {
    return this.enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
