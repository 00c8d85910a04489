import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RunState } from '@relais/contracts';
import { epochMs, jsonText } from './column-transformers';

/** How a run came to be: shown in the dashboard and used by the analytics report. */
export type RunTrigger = 'api' | 'schedule' | 'child' | 'retry' | 'reconciler' | 'internal';

/** One flow run: the source of truth for its state (Redis only carries the job). */
@Entity('flow_runs')
export class FlowRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'flow_name', type: 'varchar', length: 100 })
  flowName: string;

  @Column({ type: 'varchar', length: 50 })
  queue: string;

  @Column({ type: 'varchar', length: 20 })
  state: RunState;

  @Column({ type: 'text', transformer: jsonText })
  parameters: Record<string, unknown>;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Attempts started so far (a stalled attempt that BullMQ re-runs counts again). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'int' })
  maxAttempts: number;

  @Column({ type: 'int', default: 0 })
  progress: number;

  @Column({ name: 'progress_message', type: 'varchar', length: 500, nullable: true })
  progressMessage: string | null;

  @Column({ name: 'deployment_name', type: 'varchar', length: 100, nullable: true })
  deploymentName: string | null;

  @Column({ name: 'parent_run_id', type: 'varchar', length: 36, nullable: true })
  parentRunId: string | null;

  /** Unique when set: a second launch with the same key returns the first run (scheduler firings, child runs). */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  /** The BullMQ job id currently carrying the run; changes when the run is retried by hand. */
  @Column({ name: 'job_id', type: 'varchar', length: 100 })
  jobId: string;

  /**
   * The concurrency group the run is held to besides its flow's limit (the children of a batch, say). Kept
   * with the run so that a re-enqueue by the reconciler or a retry by hand still honours it.
   */
  @Column({ name: 'concurrency_group', type: 'text', nullable: true, transformer: jsonText })
  concurrencyGroup: { key: string; limit: number } | null;

  @Column({ name: 'triggered_by', type: 'varchar', length: 20 })
  triggeredBy: RunTrigger;

  @Column({ name: 'worker_id', type: 'varchar', length: 100, nullable: true })
  workerId: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;

  @Column({ name: 'started_at', type: 'bigint', nullable: true, transformer: epochMs })
  startedAt: number | null;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: epochMs })
  endedAt: number | null;
}
