import type { DpgfWorkflowResult } from '@relais/domains/dpgf/contracts';
import { RunState } from '@relais/contracts/run-state';
import type { CliContext } from '../cli-context';
import { RunUnsuccessfulError, UsageError } from '../cli-errors';
import { reportStartedRun } from '../commands/run.command';
import { renderDpgfDryRun, renderDpgfIdentification, renderDpgfScan } from '../views/dpgf.views';
import { interruptible } from '../watch/interruptible';
import { progressDisplayFor } from '../watch/run-progress.display';
import { watchRun } from '../watch/run-watcher';
import { parseFileSelection } from './file-selection';
import type { Prompter } from './terminal-prompter';

/** Wrong file numbers forgiven before the session stops. */
const SELECTION_ATTEMPTS = 3;

/**
 * `relais dpgf --interactive`: the workflow one phase at a time, each a `dpgf.workflow` run that writes nothing
 * (`stop_after: scan`, `stop_after: identify`, then a dry run of the chosen files), showing what it found and
 * asking before the next; the import itself is the last run, of the chosen files only. Nothing is written
 * unless the last question is answered yes.
 */
export async function runInteractiveImport(
  context: CliContext,
  parameters: Record<string, unknown>,
  prompter: Prompter,
  intervalMs: number,
): Promise<void> {
  const { api, output } = context;
  const { dry_run: _ignored, ...base } = parameters;
  const phase = async (name: string, extra: Record<string, unknown>): Promise<DpgfWorkflowResult> => {
    const run = await api.startRun('dpgf.workflow', { ...base, ...extra });
    output.note(output.errorStyle.dim(`${name}: run ${run.id}`));
    const ended = await interruptible((signal) =>
      watchRun(api, run.id, { intervalMs, display: progressDisplayFor(output), signal }),
    );
    if (ended.state !== RunState.COMPLETED) throw new RunUnsuccessfulError(ended);
    return ended.result as DpgfWorkflowResult;
  };
  const confirm = async (question: string): Promise<boolean> =>
    /^(y|yes|o|oui)$/i.test((await prompter.ask(`${question} [y/N] `))?.trim() ?? '');
  const stop = (): void => output.line('Stopped: nothing was imported.');

  const scan = await phase('Scan', { stop_after: 'scan' });
  output.line(renderDpgfScan(scan, output.style));
  if (scan.files_scanned === 0) {
    output.line('Nothing to identify.');
    return;
  }
  if (!(await confirm('Identify these files?'))) {
    stop();
    return;
  }

  const identified = await phase('Identify', { stop_after: 'identify' });
  output.line(renderDpgfIdentification(identified, output.style));
  const findings = identified.files ?? [];
  const kept = findings.flatMap((file, index) => (file.kept ? [index + 1] : []));
  let numbers: number[] | null = null;
  for (let attempt = 0; numbers === null && attempt < SELECTION_ATTEMPTS; attempt += 1) {
    const answer = await prompter.ask(
      `Files to download and check (numbers such as 1,3-5, all, none; Enter: the ${kept.length} kept): `,
    );
    if (answer === null) {
      stop();
      return;
    }
    try {
      numbers = parseFileSelection(answer, findings.length, kept);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      output.note(error.message);
    }
  }
  if (!numbers || numbers.length === 0) {
    stop();
    return;
  }
  const paths = numbers.map((number) => findings[number - 1].path);
  // The chosen files, whatever their score: a person picked them.
  const chosen = { only_paths: paths, min_confidence: 0, max_files: paths.length };

  const dryRun = await phase('Download and dry run', { ...chosen, dry_run: true });
  output.line(renderDpgfDryRun(dryRun, output.style));
  if (dryRun.previews.length === 0) {
    output.line('Nothing new to import.');
    return;
  }
  if (!(await confirm(`Import ${dryRun.previews.length} files into the pricing database?`))) {
    stop();
    return;
  }
  const run = await api.startRun('dpgf.workflow', { ...base, ...chosen });
  await reportStartedRun(context, run, { param: [], watch: true, interval: intervalMs });
}
