import type { Command } from 'commander';
import { contextOf, type CliContext } from '../cli-context';
import { parseRunParameters } from '../params/parse-params';
import type { RunSummary } from '@relais/contracts/api/api-types';
import { watchToEnd } from '../watch/watch-to-end';
import { collect, DEFAULT_POLL_INTERVAL_MS, parseInterval } from './command-options';

/** Options shared by the commands that start a run (`run`, `deployment run`). */
export interface StartRunOptions {
  param: string[];
  paramsJson?: string;
  watch?: boolean;
  interval: number;
  quiet?: boolean;
  idempotencyKey?: string;
}

/** Adds --param, --params-json, --watch, --interval and --quiet to a command that starts a run. */
export function withStartRunOptions(command: Command): Command {
  return command
    .option(
      '-p, --param <key=value>',
      'a parameter; the value is JSON when it parses (3, true, [1,2]), else text; repeatable',
      collect,
      [],
    )
    .option('--params-json <json>', 'every parameter as one JSON object, or @file.json; --param overrides it')
    .option('-w, --watch', 'follow the run with a progress bar until it ends; exit 1 unless it COMPLETED')
    .option('--interval <ms>', 'milliseconds between two polls while watching', parseInterval, DEFAULT_POLL_INTERVAL_MS)
    .option('-q, --quiet', 'print only the run id');
}

/** After a run was started: its id (or JSON), then, with --watch, its progress and outcome. */
export async function reportStartedRun(context: CliContext, run: RunSummary, options: StartRunOptions): Promise<void> {
  const { output } = context;
  if (options.quiet) {
    output.line(run.id);
  } else if (!output.json) {
    output.line(`Run ${run.id} started (${run.flowName}, ${output.style.state(run.state)}).`);
    if (!options.watch) output.note(`Follow it: relais flow-run logs ${run.id} --follow`);
  } else if (!options.watch) {
    output.document(run);
  }
  if (options.watch) await watchToEnd(context, run.id, { intervalMs: options.interval, quiet: options.quiet });
}

/** `relais run FLOW --param k=v [--watch]`. */
export function registerRunCommand(program: Command): void {
  withStartRunOptions(
    program
      .command('run')
      .description('start a run of a flow (prints its id); --watch follows it to the end')
      .argument('<flow>', 'the flow name, e.g. ops.health-check (see: relais flow ls)'),
  )
    .option(
      '--idempotency-key <key>',
      'a key of yours: repeating the command with the same key answers with the run the first one started',
    )
    .action(async (flow: string, options: StartRunOptions, command: Command) => {
      const context = contextOf(command);
      const parameters = parseRunParameters(options.param, options.paramsJson);
      await reportStartedRun(context, await context.api.startRun(flow, parameters, options.idempotencyKey), options);
    });
}
