import { Presets, SingleBar } from 'cli-progress';
import type { RunSummary } from '@relais/contracts/api/api-types';
import type { Output } from '../output/output';
import type { TerminalStyle } from '../output/terminal-style';

/** Shows a watched run as it goes, on stderr (stdout keeps only the outcome, for scripts). */
export interface RunProgressDisplay {
  update(run: RunSummary): void;
  /** A transient remark (the gateway stopped answering, say) that must not break the bar. */
  notice(text: string): void;
  stop(): void;
}

/** A bar redrawn in place, for terminals. */
export class ProgressBarDisplay implements RunProgressDisplay {
  private readonly bar: SingleBar;
  private started = false;

  constructor(
    private readonly style: TerminalStyle,
    private readonly stream: NodeJS.WritableStream,
  ) {
    this.bar = new SingleBar(
      {
        format: '{bar} {percentage}% | {state} | {message}',
        stream,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        // The run's own progress, not an estimate: an ETA would be a guess.
        etaBuffer: 1,
      },
      Presets.shades_classic,
    );
  }

  update(run: RunSummary): void {
    const payload = { state: this.style.state(run.state), message: run.progressMessage ?? '' };
    const value = Math.max(0, Math.min(100, Math.round(run.progress)));
    if (this.started) {
      this.bar.update(value, payload);
    } else {
      this.bar.start(100, value, payload);
      this.started = true;
    }
  }

  notice(text: string): void {
    if (this.started) this.bar.update({ message: text });
    else this.stream.write(`${text}\n`);
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

/** One line per change of state, progress or message: for logs and pipes, where a redrawn bar is noise. */
export class ProgressLinesDisplay implements RunProgressDisplay {
  private last = '';

  constructor(private readonly write: (text: string) => void) {}

  update(run: RunSummary): void {
    const line = `${run.state} ${Math.round(run.progress)}%${run.progressMessage ? ` ${run.progressMessage}` : ''}`;
    if (line === this.last) return;
    this.last = line;
    this.write(line);
  }

  notice(text: string): void {
    this.write(text);
  }

  stop(): void {
    this.last = '';
  }
}

/** Nothing: with --json only the final document is written. */
export class SilentDisplay implements RunProgressDisplay {
  update(): void {
    // Scripts read the outcome from stdout; progress would only be noise on stderr.
  }
  notice(): void {
    // Same as update.
  }
  stop(): void {
    // Nothing was drawn.
  }
}

/** A bar on a terminal, lines elsewhere, nothing in --json mode. */
export function progressDisplayFor(output: Output, stream: NodeJS.WritableStream = process.stderr): RunProgressDisplay {
  if (output.json) return new SilentDisplay();
  if (output.interactive) return new ProgressBarDisplay(output.errorStyle, stream);
  return new ProgressLinesDisplay((text) => output.note(text));
}
