import type { Worker } from 'node:worker_threads';

export interface ReusableThreadsOptions {
  /** Threads at work at once; more callers wait their turn. */
  maxThreads: number;
  /** A thread idle this long is ended (default 30 s). */
  idleMs?: number;
  /** Starts a thread when none is idle. */
  spawn: () => Worker | Promise<Worker>;
}

/**
 * Worker threads kept for reuse, at most `maxThreads` at work at once: loading what a thread runs (pdf.js, a
 * workbook parser) is much of a small task's time. A task that succeeds gives its thread back; one that throws
 * ends it (a thread that timed out, crashed or stopped mid-protocol is not trusted again). An idle thread does not
 * keep the process alive and is ended after `idleMs`.
 */
export class ReusableThreads {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly waiting: (() => void)[] = [];
  private busy = 0;
  private closed = false;

  constructor(private readonly options: ReusableThreadsOptions) {}

  /** True once close() was called: no task starts after it. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `task` on an idle thread or a new one, once a slot is free. */
  async use<T>(task: (worker: Worker) => Promise<T>): Promise<T> {
    await this.acquire();
    let worker: Worker | undefined;
    try {
      worker = this.takeIdle() ?? (await this.options.spawn());
      const result = await task(worker);
      this.putIdle(worker);
      worker = undefined;
      return result;
    } finally {
      if (worker) await worker.terminate();
      this.release();
    }
  }

  /** Ends the idle threads; tasks under way finish first. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    await Promise.all(
      idle.map(({ worker, timer }) => {
        clearTimeout(timer);
        return worker.terminate();
      }),
    );
  }

  private takeIdle(): Worker | undefined {
    const entry = this.idle.pop();
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    return entry.worker;
  }

  private putIdle(worker: Worker): void {
    // An idle thread must not keep the process alive.
    worker.unref();
    if (this.closed) {
      void worker.terminate();
      return;
    }
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((entry) => entry.worker === worker);
      if (index >= 0) this.idle.splice(index, 1);
      void worker.terminate();
    }, this.options.idleMs ?? 30_000);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private async acquire(): Promise<void> {
    if (this.busy < this.options.maxThreads) {
      this.busy++;
      return;
    }
    // release() hands its slot over directly: `busy` stays counted for the waiter.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}
