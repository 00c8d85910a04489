import type { JobsOptions } from 'bullmq';
import type { RelaisConfig } from '@relais/config';
import type { FlowContract } from '@relais/contracts';

/** What a flow job carries: only the run id; the database holds the run (parameters included). */
export interface FlowJobData {
  runId: string;
}

/** BullMQ options for a flow's job: its retry policy and Redis retention bounds (the database keeps history). */
export function flowJobOptions(contract: FlowContract, jobId: string, config: RelaisConfig): JobsOptions {
  return {
    jobId,
    attempts: contract.retry.attempts,
    backoff: { type: 'exponential', delay: contract.retry.backoffMs, jitter: contract.retry.jitter },
    removeOnComplete: { count: config.jobs.keepCompleted },
    removeOnFail: { count: config.jobs.keepFailed },
  };
}

/** The job id of a run's n-th manual retry; BullMQ ids cannot contain ':'. */
export function retryJobId(runId: string, generation: number): string {
  return `${runId}-r${generation}`;
}

/** Which manual retry a job id belongs to (1 for the original job). */
export function jobGeneration(jobId: string): number {
  const match = /-r(\d+)$/.exec(jobId);
  return match ? Number(match[1]) : 1;
}
