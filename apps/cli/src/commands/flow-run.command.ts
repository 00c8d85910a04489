import { InvalidArgumentError, type Command } from 'commander';
import { RunState } from '@relais/contracts/run-state';
import { contextOf } from '../cli-context';
import { InterruptedError } from '../cli-errors';
import type { RunFilter } from '../gateway/relais-api.client';
import { readRunLogs } from '../watch/log-follower';
import { interruptible } from '../watch/interruptible';
import { watchToEnd } from '../watch/watch-to-end';
import { renderLogLine, renderRunDetail, renderRunPage } from '../views/run.views';
import { DEFAULT_POLL_INTERVAL_MS, integerBetween, parseInterval } from './command-options';

interface ListOptions extends RunFilter {
  limit: number;
}

const RUN_STATES = Object.values(RunState) as string[];

/** One state or several, comma-separated, any case: `failed,crashed`. */
function parseStates(value: string): string {
  const states = value.split(',').map((state) => state.trim().toUpperCase());
  const unknown = states.filter((state) => !RUN_STATES.includes(state));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`expected states among ${RUN_STATES.join(', ')} (comma-separated).`);
  }
  return states.join(',');
}

/** `relais flow-run ls|show ID|logs ID [--follow]|cancel ID|retry ID`. */
export function registerFlowRunCommands(program: Command): void {
  const flowRun = program.command('flow-run').description('runs of flows: list, inspect, logs, cancel, retry');

  flowRun
    .command('ls')
    .description('list runs, newest first')
    .option('-l, --limit <n>', 'how many runs (at most 500)', integerBetween(1, 500), 20)
    .option(
      '-s, --state <states>',
      `only runs in these states, comma-separated (${RUN_STATES.join(', ')})`,
      parseStates,
    )
    .option('-f, --flow <name>', 'only runs of this flow')
    .option('-d, --deployment <name>', 'only runs of this deployment')
    .option('--parent <id>', 'only the child runs of this run')
    .option('--cursor <cursor>', 'the next page, as the previous page ended')
    .action(async (options: ListOptions, command: Command) => {
      const { api, output } = contextOf(command);
      const page = await api.runs({ ...options });
      output.result(page, (runs) => renderRunPage(runs, output.style));
    });

  flowRun
    .command('show')
    .alias('inspect')
    .description('one run: state, parameters, steps, child runs, reports, error and result')
    .argument('<id>', 'the run id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      output.result(await api.run(id), (run) => renderRunDetail(run, output.style));
    });

  flowRun
    .command('logs')
    .description("print a run's log; --follow keeps printing until the run has ended")
    .argument('<id>', 'the run id')
    .option('-f, --follow', 'keep polling for new lines until the run ends')
    .option(
      '--interval <ms>',
      'milliseconds between two polls while following',
      parseInterval,
      DEFAULT_POLL_INTERVAL_MS,
    )
    .action(async (id: string, options: { follow?: boolean; interval: number }, command: Command) => {
      const { api, output } = contextOf(command);
      const follow = Boolean(options.follow);
      const read = await interruptible(async (signal) => {
        const result = await readRunLogs(api, id, { follow, intervalMs: options.interval, signal }, (line) => {
          // Followed with --json: one line per log line as it comes (JSON Lines); otherwise one document at the end.
          if (!output.json) output.line(renderLogLine(line, output.style));
          else if (follow) output.jsonLine(line);
        });
        if (signal.aborted) throw new InterruptedError(id);
        return result;
      });
      if (output.json && !follow) output.document(read);
      else if (!output.json && read.items.length === 0) output.note(`No log lines${read.complete ? '' : ' yet'}.`);
    });

  flowRun
    .command('cancel')
    .description('cancel a run: a queued run ends CANCELLED at once, a running one is signalled (CANCELLING)')
    .argument('<id>', 'the run id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, output } = contextOf(command);
      const run = await api.cancelRun(id);
      output.result(run, (cancelled) => `Run ${cancelled.id} is ${output.style.state(cancelled.state)}.`);
    });

  flowRun
    .command('retry')
    .description('run a FAILED, CANCELLED or CRASHED run again; its completed steps are not repeated')
    .argument('<id>', 'the run id')
    .option('-w, --watch', 'follow the run until it ends; exit 1 unless it COMPLETED')
    .option('--interval <ms>', 'milliseconds between two polls while watching', parseInterval, DEFAULT_POLL_INTERVAL_MS)
    .action(async (id: string, options: { watch?: boolean; interval: number }, command: Command) => {
      const context = contextOf(command);
      const { api, output } = context;
      const run = await api.retryRun(id);
      if (!options.watch) {
        output.result(run, (retried) => `Run ${retried.id} is ${output.style.state(retried.state)} again.`);
        return;
      }
      if (!output.json) output.line(`Run ${run.id} is ${output.style.state(run.state)} again.`);
      await watchToEnd(context, run.id, { intervalMs: options.interval });
    });
}
