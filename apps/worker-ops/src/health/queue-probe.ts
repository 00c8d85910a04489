import type { Queue } from 'bullmq';
import type { QueueJobCounts, QueueMeasurement } from './health-measurements';
import { describeFailure } from './probe-error';
import { withTimeout } from './probe-timeout';

export interface QueueProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What the probe needs of a BullMQ queue. */
export type JobCountSource = Pick<Queue, 'getJobCounts'>;

const DEFAULT_TIMEOUT_MS = 3000;
const COUNTED_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed'] as const;

/**
 * Reads the job counts of each queue. `completed` and `failed` count only the jobs Redis still retains
 * (JOBS_KEEP_COMPLETED / JOBS_KEEP_FAILED), which is what a "recent" failure rate is computed over.
 * Never throws for a queue that cannot be read: that queue reports its error.
 */
export async function probeQueues<Name extends string>(
  names: readonly Name[],
  queueNamed: (name: Name) => JobCountSource,
  options: QueueProbeOptions = {},
): Promise<QueueMeasurement[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return Promise.all(
    names.map(async (queue): Promise<QueueMeasurement> => {
      try {
        const counts = await withTimeout(
          queueNamed(queue).getJobCounts(...COUNTED_STATES),
          timeoutMs,
          `Job counts of queue ${queue}`,
          options.signal,
        );
        return { queue, counts: pickCounts(counts) };
      } catch (error) {
        options.signal?.throwIfAborted();
        return { queue, error: describeFailure(error) };
      }
    }),
  );
}

function pickCounts(counts: Record<string, number | undefined>): QueueJobCounts {
  return {
    waiting: counts.waiting ?? 0,
    prioritized: counts.prioritized ?? 0,
    delayed: counts.delayed ?? 0,
    active: counts.active ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}
