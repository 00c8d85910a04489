import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { contextOf } from '../cli-context';
import { UsageError } from '../cli-errors';
import { dpgfWorkflowParameters, type DpgfCommandOptions } from '../dpgf/dpgf-workflow-options';
import { runInteractiveImport } from '../dpgf/interactive-import';
import { TerminalPrompter } from '../dpgf/terminal-prompter';
import { DEFAULT_POLL_INTERVAL_MS } from './command-options';
import { reportStartedRun } from './run.command';

/**
 * `relais dpgf --auto [options]`: the seed's command, as a `dpgf.workflow` run followed to its end; `--interactive`
 * goes one phase at a time and asks before the next (docs/domains/dpgf.md).
 */
export function registerDpgfCommand(program: Command): void {
  program
    .command('dpgf')
    .description('find, identify and import price schedules (DPGF/BPU/DQE): a dpgf.workflow run, followed')
    .option('--auto', 'run the whole workflow without questions')
    .option('--interactive', 'show what each phase found and ask before the next (needs a terminal)')
    .option('--config <file>', "the seed's workflow_config.json")
    .option('--source <source>', 'file or graph (default: the worker’s DPGF_SOURCE)')
    .option('--root-folder <path>', 'the folder to scan')
    .option('--min-confidence <score>', 'score (0–1) a file needs')
    .option('--max-files <n>', 'files kept for import')
    .option('--deep-scan', 'read every spreadsheet’s content')
    .option('--parallel-import', 'import several files at once')
    .option('--chunk-size <n>', 'elements per INSERT')
    .option('--max-workers <n>', 'files imported at once with --parallel-import')
    .option(
      '--gemini-key <key>',
      'classify ambiguous rows with Gemini (the worker’s GEMINI_API_KEY is used: the key is never sent)',
    )
    .option('--no-gemini', 'no Gemini classification')
    .option('--exclude-dirs <a,b>', 'folder names not entered')
    .option('--dry-run', 'show what would be imported, write nothing')
    .action(async (options: DpgfCommandOptions, command: Command) => {
      if (options.auto === options.interactive) throw new UsageError('relais dpgf: say --auto or --interactive');
      if (options.interactive && !process.stdin.isTTY)
        throw new UsageError('relais dpgf --interactive asks questions: it needs a terminal (use --auto in scripts)');
      const context = contextOf(command);
      const configText = options.config ? await readFile(options.config, 'utf8') : undefined;
      if (options.geminiKey)
        context.output.note(
          'The Gemini key is not sent with the run (runs keep their parameters): the DPGF worker uses its GEMINI_API_KEY.',
        );
      const parameters = dpgfWorkflowParameters(options, configText);
      if (options.interactive) {
        const prompter = new TerminalPrompter();
        try {
          await runInteractiveImport(context, parameters, prompter, DEFAULT_POLL_INTERVAL_MS);
        } finally {
          prompter.close();
        }
        return;
      }
      const run = await context.api.startRun('dpgf.workflow', parameters);
      await reportStartedRun(context, run, { param: [], watch: true, interval: DEFAULT_POLL_INTERVAL_MS });
    });
}
