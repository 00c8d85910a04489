/**
 * Stalls of a job, as the engine counts them per attempt. BullMQ counts a job's stalls over its whole life
 * (`stalledCounter`) and, past its `maxStalledCount`, fails the job for good whatever attempts remain
 * (BullMQ 6: the "deferred failure" set by moveStalledJobsToWait). The engine keeps BullMQ's own limit out of
 * reach and applies WORKER_MAX_STALLED_COUNT per attempt instead: an attempt that stalls more often than that
 * has lost its worker and is spent, and the retry policy decides what comes next. Kept in the job's data,
 * written only when a stall happened.
 */
export interface StallLedger {
  /** The `attemptsMade` of the attempt counted. */
  attempt: number;
  /** `stalledCounter` when that attempt began. */
  base: number;
  /** `stalledCounter` at the latest delivery seen. */
  seen: number;
}

/** What one delivery of a job learns from its stall counter. */
export interface StallReading {
  /** This delivery follows a stall: a worker stopped mid-attempt (died, or blocked longer than its lock). */
  resumed: boolean;
  /** Stalls of the current attempt; more than WORKER_MAX_STALLED_COUNT and the attempt is lost. */
  stalls: number;
  /** The ledger to store in the job's data, when it changed. */
  update: StallLedger | null;
}

/** Reads a delivery's stalls from BullMQ's counters and the ledger kept in the job's data. */
export function readStalls(
  job: { attemptsMade: number; stalledCounter: number },
  ledger: StallLedger | undefined,
): StallReading {
  let current = ledger ?? { attempt: 0, base: 0, seen: 0 };
  // A new attempt starts its count from the stalls already seen: no stall can happen between two attempts.
  if (current.attempt !== job.attemptsMade)
    current = { attempt: job.attemptsMade, base: current.seen, seen: current.seen };
  const resumed = job.stalledCounter > current.seen;
  return {
    resumed,
    stalls: job.stalledCounter - current.base,
    update: resumed ? { ...current, seen: job.stalledCounter } : null,
  };
}

/**
 * BullMQ's own stall limit: out of reach, so that BullMQ never fails a stalled job itself and the engine
 * (readStalls) decides per attempt.
 */
export const BULLMQ_MAX_STALLED_COUNT = 1_000_000;
