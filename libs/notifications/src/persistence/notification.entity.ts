import { Column, Entity, PrimaryColumn } from 'typeorm';
import { booleanInt, epochMs, jsonText } from '@relais/persistence/entities/column-transformers';
import type { Severity } from '../model/severity';

/** Every notification Relais raised, delivered or not: the archive's table and the log the API lists. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  event: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 10 })
  severity: Severity;

  @Column({ name: 'is_alert', type: 'smallint', transformer: booleanInt })
  isAlert: boolean;

  @Column({ type: 'text', transformer: jsonText })
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100 })
  source: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 100, nullable: true })
  ruleId: string | null;

  /** Unique when set: the evaluator's guarantee that an occurrence is notified once, restarts included. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 255, nullable: true })
  dedupeKey: string | null;

  /** Raised while its alert cooled down: kept here, delivered nowhere. */
  @Column({ type: 'smallint', transformer: booleanInt })
  suppressed: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;
}
