import { RunState } from '@relais/contracts/run-state';
import { RunUnsuccessfulError } from '../cli-errors';
import type { CliContext } from '../cli-context';
import { renderRunOutcome } from '../views/run.views';
import { interruptible } from './interruptible';
import { progressDisplayFor, SilentDisplay } from './run-progress.display';
import { watchRun } from './run-watcher';

/**
 * `--watch`: shows the run's progress until it ends, then its outcome (the run's JSON with --json). Throws
 * RunUnsuccessfulError (exit 1) unless it COMPLETED.
 */
export async function watchToEnd(
  context: CliContext,
  runId: string,
  options: { intervalMs: number; quiet?: boolean },
): Promise<void> {
  const { api, output } = context;
  const display = options.quiet ? new SilentDisplay() : progressDisplayFor(output);
  const run = await interruptible((signal) =>
    watchRun(api, runId, { intervalMs: options.intervalMs, display, signal }),
  );
  if (output.json) {
    output.document(run);
  } else if (!options.quiet) {
    output.line(renderRunOutcome(run, output.style));
    if (run.error) output.note(output.errorStyle.red(`Error: ${run.error}`));
    if (run.state !== RunState.COMPLETED) output.note(`Its log: relais flow-run logs ${run.id}`);
  }
  if (run.state !== RunState.COMPLETED) throw new RunUnsuccessfulError(run);
}
