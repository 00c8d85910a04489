#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CommanderError } from 'commander';
import { describeError } from './describe-error';
import { ExitCode, exitCodeOf } from './exit-codes';
import { buildProgram } from './relais.program';

/** Runs one `relais` command line and resolves with its exit code (see exit-codes.ts). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram(packageVersion());
  try {
    await program.parseAsync(argv);
    return ExitCode.OK;
  } catch (error) {
    // Commander has already printed its message (or the help) to stderr.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    const message = describeError(error);
    if (message) process.stderr.write(`${message}\n`);
    return exitCodeOf(error);
  }
}

/** The version in package.json, found from here in the sources (apps/cli/src) and in dist (dist/apps/cli/src). */
function packageVersion(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate))
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version?: string }).version ?? '0.0.0';
    if (dirname(directory) === directory) return '0.0.0';
  }
}

/**
 * Exits once stdout and stderr have taken everything written. Waiting for the event loop to empty instead would
 * also wait for fetch's idle keep-alive sockets, for nothing: a CLI has no work left.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const flushed = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

if (require.main === module) {
  runCli(process.argv).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    exitWhenFlushed(ExitCode.INTERNAL);
  });
}
