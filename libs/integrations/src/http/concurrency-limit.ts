/** At most a number of tasks at once; the others wait. In-process (Semaphore) or across processes (RedisSemaphore). */
export interface ConcurrencyLimit {
  /** Tasks of this process holding a slot now. */
  readonly inUse: number;
  /** Runs `task` once a slot is free; the slot is released however the task ends. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}
