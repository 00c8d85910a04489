import type { JobsOptions } from 'bullmq';
import type { RelaisConfig } from '@relais/config';
import type { FlowContract } from '@relais/contracts';
import type { FlowRunEntity } from '@relais/persistence';
import type { StallLedger } from '../runtime/stall-ledger';

/** The fields of a freshly accepted run that its first attempt needs. */
export type RunSnapshot = Pick<
  FlowRunEntity,
  'id' | 'flowName' | 'state' | 'parameters' | 'deploymentName' | 'parentRunId' | 'startedAt' | 'result'
>;

/**
 * What a flow job carries: the run id. Every delivery reads the run, and the steps it completed, from the
 * database: a job Redis restored from a stale state (an AOF cut back by a crash, a failover to a lagging replica)
 * looks like a first delivery, and must not run a run that has ended, or its completed steps, again.
 */
export interface FlowJobData {
  runId: string;
  /** Written by launchers before the database became the only source; ignored. */
  snapshot?: Pick<RunSnapshot, 'flowName' | 'parameters' | 'deploymentName' | 'parentRunId'>;
  /** At most `limit` runs whose jobs carry the same `key` execute at once (a batch's own concurrency). */
  concurrencyGroup?: ConcurrencyGroup;
  /** The stalls of the job's current attempt, written by the worker only once a stall happened. */
  stalls?: StallLedger;
}

/** A set of runs (the children of one parent, say) that may only execute `limit` at a time. */
export interface ConcurrencyGroup {
  key: string;
  limit: number;
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

/** The run a job id belongs to (the run's id, or `<runId>-rN` for its manual retries). */
export function runIdOfJob(jobId: string): string {
  return jobId.replace(/-r\d+$/, '');
}

/** Which manual retry a job id belongs to (1 for the original job). */
export function jobGeneration(jobId: string): number {
  const match = /-r(\d+)$/.exec(jobId);
  return match ? Number(match[1]) : 1;
}
