import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'apps', 'cli', 'src', 'main.ts');

/** How one `relais` command line ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Added to a clean environment (no RELAIS_* variables leak in from the test's own environment). */
  env?: Record<string, string>;
  /** Working directory (where ./data/admin-token is looked for); the repository root by default. */
  cwd?: string;
  /** The process is killed after this long (the test then fails with its output so far). */
  timeoutMs?: number;
}

/**
 * Runs `relais ARGS…` as a separate process, exactly as a user's shell would, from the TypeScript sources
 * (ts-node, transpile only), and resolves once it has exited. Module paths are absolute so any cwd works.
 */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('RELAIS_') && name !== 'NO_COLOR') env[name] = value;
  }
  const child = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      '-r',
      require.resolve('tsconfig-paths/register'),
      MAIN,
      ...args,
    ],
    {
      cwd: options.cwd ?? ROOT,
      env: { ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `relais ${args.join(' ')} did not exit within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The run id a human `relais run` / `deployment run` printed ("Run <id> started (…)"). */
export function startedRunId(result: CliResult): string {
  const match = /^Run (\S+) started/m.exec(result.stdout);
  if (!match?.[1]) throw new Error(`No "Run <id> started" line in:\n${result.stdout}\n${result.stderr}`);
  return match[1];
}
