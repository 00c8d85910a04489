import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { testTempDir } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');

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

/** The CLI compiled to JavaScript, as `npm run build` ships it. */
export interface BuiltCli {
  /** `…/dist/apps/cli/src/main.js`. */
  main: string;
  /** Deletes the build. */
  remove(): Promise<void>;
}

/**
 * Compiles the CLI once into a temporary directory, as the real build does (tsc, then tsc-alias for the
 * `@relais/*` paths) but without type checking. Running that JavaScript costs about a tenth of the CPU of
 * running the sources through ts-node on every command line, on a machine the whole team shares, and it tests
 * what ships (the shebang, the rewritten paths).
 */
export async function buildCli(): Promise<BuiltCli> {
  const directory = await testTempDir('cli-build-');
  const fromBuild = (path: string): string => relative(directory, path) || '.';
  // tsc-alias mishandles absolute outDir and baseUrl: every path is relative to this tsconfig.
  const tsconfig = {
    extends: join(ROOT, 'tsconfig.build.json'),
    compilerOptions: {
      outDir: 'dist',
      rootDir: fromBuild(ROOT),
      baseUrl: fromBuild(ROOT),
      typeRoots: [fromBuild(join(ROOT, 'node_modules', '@types'))],
      noCheck: true,
      sourceMap: false,
    },
    files: [fromBuild(join(ROOT, 'apps', 'cli', 'src', 'main.ts'))],
    include: [],
  };
  const project = join(directory, 'tsconfig.json');
  await writeFile(project, JSON.stringify(tsconfig, null, 2));
  await runNode([require.resolve('typescript/bin/tsc'), '-p', project]);
  await runNode([join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', project]);
  return {
    main: join(directory, 'dist', 'apps', 'cli', 'src', 'main.js'),
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

/** Runs a build tool with this Node; rejects with its output when it fails. */
async function runNode(args: string[]): Promise<void> {
  const result = await spawnNode(args, { cwd: ROOT, timeoutMs: 120_000 }, process.env as Record<string, string>).exited;
  if (result.code !== 0) {
    throw new Error(`node ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A `relais` process still running: what it printed so far, and its end. */
export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<CliResult>;
}

/** Runs `relais ARGS…` as a separate process, exactly as a user's shell would, and resolves once it has exited. */
export function runCli(cli: BuiltCli, args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  return startCli(cli, args, options).exited;
}

/** Starts `relais ARGS…` and returns at once, to signal it while it runs. */
export function startCli(cli: BuiltCli, args: readonly string[], options: CliRunOptions = {}): RunningCli {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('RELAIS_') && name !== 'NO_COLOR') env[name] = value;
  }
  // The build lives outside the repository: its `require('commander')` must find the repository's node_modules.
  return spawnNode([cli.main, ...args], options, { ...env, NODE_PATH: join(ROOT, 'node_modules'), ...options.env });
}

function spawnNode(args: readonly string[], options: CliRunOptions, env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const exited = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `node ${args.join(' ')} did not exit within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
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
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** The run id a human `relais run` / `deployment run` printed ("Run <id> started (…)"). */
export function startedRunId(result: CliResult): string {
  const match = /^Run (\S+) started/m.exec(result.stdout);
  if (!match?.[1]) throw new Error(`No "Run <id> started" line in:\n${result.stdout}\n${result.stderr}`);
  return match[1];
}
