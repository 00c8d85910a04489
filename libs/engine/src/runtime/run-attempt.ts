import type { Job } from 'bullmq';
import type { StepRunEntity } from '@relais/persistence';
import type { FlowJobData, RunSnapshot } from '../launcher/flow-job';
import type { RunLease } from './run-leases';

/** One attempt of one run, as the worker executing it sees it: what the run context and the outcome need. */
export interface RunAttempt<P extends object = object> {
  run: RunSnapshot;
  /** The run's parameters, hydrated into the flow's parameter class. */
  params: P;
  /** 1 for the first attempt. */
  number: number;
  /** The attempts the retry policy allows, first one included. */
  maxAttempts: number;
  job: Job<FlowJobData>;
  /** The lock token of the job's delivery (undefined outside a BullMQ worker). */
  token: string | undefined;
  /** Fires on cancel, timeout, shutdown or a lost lock. */
  signal: AbortSignal;
  /** Steps completed by earlier attempts (and this one, as it goes), by step key. */
  completedSteps: Map<string, StepRunEntity>;
  /** The run's lease, held by this delivery (none outside a BullMQ worker). */
  lease: RunLease | null;
  /** How the run's children ended, once the flow has waited for them. */
  children?: { total: number; failed: number };
}
