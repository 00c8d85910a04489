import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { processCommand } from './build';

const OUTPUT_LIMIT = 64 * 1024;

/** An exit the suite did not ask for: a crash. */
export interface UnexpectedExit {
  process: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
  output: string;
}

/**
 * One Relais process of the suite (a gateway, a worker, a scheduler), run from its transpiled JavaScript, which it
 * can SIGKILL and start again. Every exit it did not cause is kept as a crash.
 */
export class TortureProcess {
  private child: ChildProcessByStdio<null, Readable, Readable> | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private serving = false;
  private captured = '';
  /** SIGKILLs the suite sent this process: which pid, when. */
  readonly kills: { pid: number; at: number }[] = [];
  readonly crashes: UnexpectedExit[] = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  isRunning(): boolean {
    return this.child !== null;
  }

  /** Started and said `ready`, not killed since. */
  isReady(): boolean {
    return this.serving;
  }

  /** Starts the process and resolves once it says `ready` (it serves). */
  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const { args, env } = processCommand(this.entry);
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...this.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stopping = false;
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.keep(`${line}\n`);
        if (line === 'ready') {
          this.serving = true;
          resolve();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => this.keep(chunk.toString()));
      child.once('exit', (code, signal) => {
        reject(new Error(`${this.name} exited (${signal ?? code}) before it was ready:\n${this.output()}`));
      });
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.serving = false;
        if (this.child === child) this.child = null;
        if (!this.stopping) {
          this.crashes.push({ process: this.name, code, signal, at: Date.now(), output: this.output().slice(-4000) });
        }
        resolve();
      });
    });
    ready.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} was not ready within 90 s:\n${this.output()}`)), 90_000);
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL, noted with its time; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.stopping = true;
    this.kills.push({ pid: child.pid, at: Date.now() });
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (a graceful stop); SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  output(): string {
    return this.captured;
  }

  private keep(text: string): void {
    this.captured = (this.captured + text).slice(-OUTPUT_LIMIT);
  }
}
