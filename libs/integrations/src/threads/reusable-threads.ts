import type { Worker } from 'node:worker_threads';

export interface ReusableThreadsOptions {
  /** Threads at work at once. */
  maxThreads: number;
  /**
   * Tasks a thread is given at once (default 1). Above 1 the thread must queue what it is given and work through
   * it in order: its next task is then already there when it finishes one, instead of waiting for this thread to
   * hand it over. A task that throws ends the thread, and with it the other tasks it was given.
   */
  tasksPerThread?: number;
  /** A thread idle this long is ended (default 30 s). */
  idleMs?: number;
  /** Starts a thread when none is idle. */
  spawn: () => Worker | Promise<Worker>;
}

/** A thread at work: the tasks it was given and not yet finished. */
interface ActiveThread {
  worker: Promise<Worker>;
  tasks: number;
  /** Ended after a task threw: given no more tasks. */
  ended: boolean;
}

/**
 * Worker threads kept for reuse, at most `maxThreads` at work at once, each given at most `tasksPerThread` tasks at
 * once: loading what a thread runs (pdf.js, a workbook parser) is much of a small task's time. A task that succeeds
 * gives its thread back; one that throws ends it (a thread that timed out, crashed or stopped mid-protocol is not
 * trusted again). An idle thread does not keep the process alive and is ended after `idleMs`.
 */
export class ReusableThreads {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly active: ActiveThread[] = [];
  private readonly waiting: (() => void)[] = [];
  /** Task slots taken: at most maxThreads × tasksPerThread. */
  private busy = 0;
  private closed = false;

  constructor(private readonly options: ReusableThreadsOptions) {}

  /** True once close() was called: no task starts after it. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `task` on a thread with room for it (an idle one, a new one, or one at work), once a slot is free. */
  async use<T>(task: (worker: Worker) => Promise<T>): Promise<T> {
    await this.acquire();
    let thread: ActiveThread | undefined;
    try {
      thread = this.pick();
      const worker = await thread.worker;
      const result = await task(worker);
      this.finish(thread, worker);
      thread = undefined;
      return result;
    } catch (error) {
      if (thread) await this.end(thread);
      throw error;
    } finally {
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

  /** A thread at work with room when every thread allowed is at work, else an idle one, else a new one. */
  private pick(): ActiveThread {
    const perThread = this.options.tasksPerThread ?? 1;
    const working = this.active.filter((thread) => !thread.ended);
    let thread: ActiveThread | undefined;
    if (working.length >= this.options.maxThreads)
      thread = working.filter((candidate) => candidate.tasks < perThread).sort((a, b) => a.tasks - b.tasks)[0];
    if (!thread) {
      const idle = this.takeIdle();
      thread = { worker: idle ? Promise.resolve(idle) : Promise.resolve(this.options.spawn()), tasks: 0, ended: false };
      this.active.push(thread);
    }
    thread.tasks += 1;
    return thread;
  }

  private finish(thread: ActiveThread, worker: Worker): void {
    thread.tasks -= 1;
    if (thread.tasks > 0) return;
    this.forget(thread);
    if (!thread.ended) this.putIdle(worker);
  }

  private async end(thread: ActiveThread): Promise<void> {
    thread.tasks -= 1;
    if (thread.tasks === 0) this.forget(thread);
    if (thread.ended) return;
    thread.ended = true;
    const worker = await thread.worker.catch(() => undefined);
    await worker?.terminate();
  }

  private forget(thread: ActiveThread): void {
    const index = this.active.indexOf(thread);
    if (index >= 0) this.active.splice(index, 1);
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
    if (this.busy < this.options.maxThreads * (this.options.tasksPerThread ?? 1)) {
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
