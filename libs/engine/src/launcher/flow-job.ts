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
 * What a flow job carries: the run id and, when the launcher enqueues a new run, a snapshot of it. The database
 * stays the truth: the snapshot only spares the first attempt of a new run a read (half a run's latency under
 * load); any later delivery (retry, stalled job, parent woken by its children) reads the run.
 */
export interface FlowJobData {
  runId: string;
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

/** The snapshot a new run's job carries. */
export function snapshotOf(run: FlowRunEntity): NonNullable<FlowJobData['snapshot']> {
  return {
    flowName: run.flowName,
    parameters: run.parameters,
    deploymentName: run.deploymentName,
    parentRunId: run.parentRunId,
  };
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
