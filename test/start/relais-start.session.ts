import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** One `npm start` (scripts/start.sh) in the background, its output captured. */
export class RelaisStartSession {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private captured = '';
  private running = true;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn('bash', [join(ROOT, 'scripts', 'start.sh')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => (this.captured += chunk));
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.running = false;
        resolve({ code, signal });
      });
    });
  }

  /** The supervisor's pid (start.sh execs it). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  isRunning(): boolean {
    return this.running;
  }

  output(): string {
    return this.captured;
  }

  /** Every `<name> started (pid N)` the supervisor printed, in order. */
  started(): { name: string; pid: number }[] {
    return [...this.captured.matchAll(/^\[supervisor\]\s+(\S+) started \(pid (\d+)\)$/gm)].map((match) => ({
      name: match[1],
      pid: Number(match[2]),
    }));
  }

  /** The pids the supervisor started under `name`, oldest first. */
  pidsOf(name: string): number[] {
    return this.started()
      .filter((entry) => entry.name === name)
      .map((entry) => entry.pid);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** After a failed test: kill the supervisor and every process group it started, without waiting for grace. */
  async kill(): Promise<void> {
    for (const { pid } of this.started()) signalGroup(pid, 'SIGKILL');
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The end of the output, for failure messages. */
  tail(characters = 4000): string {
    return this.captured.slice(-characters);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: that group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function nestProjects(): Record<string, { type: string; sourceRoot?: string }> {
  const { projects } = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
    projects: Record<string, { type: string; sourceRoot?: string }>;
  };
  return projects;
}

/** Gateway, scheduler and every `worker-*` application registered in nest-cli.json. */
export function registeredApps(): string[] {
  const projects = nestProjects();
  const workers = Object.keys(projects).filter(
    (name) => name.startsWith('worker-') && projects[name].type === 'application',
  );
  return ['gateway', 'scheduler', ...workers];
}

/** The worker apps `npm start` runs: the registered `worker-*` applications that are built. */
export function builtWorkerApps(): string[] {
  const projects = nestProjects();
  return registeredApps().filter(
    (name) =>
      name.startsWith('worker-') &&
      existsSync(join(ROOT, 'dist', projects[name].sourceRoot ?? `apps/${name}/src`, 'main.js')),
  );
}
