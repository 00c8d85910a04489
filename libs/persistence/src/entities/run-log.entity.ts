import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LogLevel } from '@relais/contracts';
import { epochMs } from './column-transformers';

@Entity('run_logs')
export class RunLogEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @Column({ type: 'varchar', length: 10 })
  level: LogLevel;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  step: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;
}
