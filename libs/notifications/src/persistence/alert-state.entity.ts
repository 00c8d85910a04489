import { Column, Entity, PrimaryColumn } from 'typeorm';
import { booleanInt, epochMs } from '@relais/persistence/entities/column-transformers';

/**
 * What one rule last concluded about one subject (a flow, a run): firing or not, when it last notified (its
 * cooldown), and the last event it took into account, so that an event read twice is never counted twice.
 */
@Entity('alert_states')
export class AlertStateEntity {
  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 100 })
  ruleId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'smallint', transformer: booleanInt })
  firing: boolean;

  @Column({ name: 'fired_at', type: 'bigint', nullable: true, transformer: epochMs })
  firedAt: number | null;

  @Column({ name: 'last_notified_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastNotifiedAt: number | null;

  /** Occurrences kept quiet by the cooldown since the last notification (told in the next one). */
  @Column({ name: 'suppressed_count', type: 'int', default: 0 })
  suppressedCount: number;

  /** The (time, id) of the last event applied; older events are stale for this subject. */
  @Column({ name: 'last_event_at', type: 'bigint', transformer: epochMs })
  lastEventAt: number;

  @Column({ name: 'last_event_id', type: 'varchar', length: 36 })
  lastEventId: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
