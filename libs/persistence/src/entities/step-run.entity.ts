import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepState } from '@relais/contracts';
import { epochMs, jsonText } from './column-transformers';

/** One durable step of a run; a COMPLETED row's result is replayed instead of running the step again. */
@Entity('step_runs')
export class StepRunEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  /** The step name, suffixed `#n` for its n-th use in the same run. */
  @PrimaryColumn({ name: 'step_key', type: 'varchar', length: 200 })
  stepKey: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  state: StepState;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The run attempt that last ran this step. */
  @Column({ type: 'int' })
  attempt: number;

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMs })
  startedAt: number;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: epochMs })
  endedAt: number | null;

  @Column({ name: 'duration_ms', type: 'int', nullable: true })
  durationMs: number | null;
}
