import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeploymentCatchUp } from '@relais/contracts';
import { booleanInt, epochMs, jsonText } from './column-transformers';

/** A deployment's definition (synced from the code catalogue) and its runtime state (paused, last/next run). */
@Entity('deployments')
export class DeploymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'flow_name', type: 'varchar', length: 100 })
  flowName: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', transformer: jsonText })
  parameters: Record<string, unknown>;

  @Column({ name: 'schedule_cron', type: 'varchar', length: 100, nullable: true })
  scheduleCron: string | null;

  @Column({ name: 'schedule_timezone', type: 'varchar', length: 64, nullable: true })
  scheduleTimezone: string | null;

  @Column({ name: 'schedule_every_ms', type: 'bigint', nullable: true, transformer: epochMs })
  scheduleEveryMs: number | null;

  /** What a missed firing becomes: 'skip' or 'fire_once' (DeploymentCatchUp). */
  @Column({ name: 'catch_up', type: 'varchar', length: 16, default: 'skip' })
  catchUp: DeploymentCatchUp;

  @Column({ type: 'smallint', transformer: booleanInt })
  paused: boolean;

  /** Paused by "pause all" (not by hand, not by default): "resume all" resumes these only. */
  @Column({ name: 'paused_by_all', type: 'smallint', transformer: booleanInt, default: 0 })
  pausedByAll: boolean;

  @Column({ type: 'text', transformer: jsonText })
  tags: string[];

  /** False once the deployment has left the code catalogue: kept for history, never scheduled. */
  @Column({ name: 'in_catalogue', type: 'smallint', transformer: booleanInt })
  inCatalogue: boolean;

  @Column({ name: 'last_run_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastRunAt: number | null;

  @Column({ name: 'last_run_id', type: 'varchar', length: 36, nullable: true })
  lastRunId: string | null;

  @Column({ name: 'next_run_at', type: 'bigint', nullable: true, transformer: epochMs })
  nextRunAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
