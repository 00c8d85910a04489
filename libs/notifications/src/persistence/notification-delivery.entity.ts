import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@relais/persistence/entities/column-transformers';
import type { ChannelName } from '../model/notification';

/** `pending` until a channel accepts it (`delivered`) or the attempts run out or the peer refuses it (`failed`). */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One notification on one channel: the delivery log, and the outbox the dispatcher works from. */
@Entity('notification_deliveries')
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 36 })
  notificationId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  channel: ChannelName;

  @Column({ type: 'varchar', length: 12 })
  state: DeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Redacted: never a password, token or webhook URL. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** When the next attempt is due; while an attempt runs, when its lease expires (a crashed sender's retry). */
  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMs })
  nextAttemptAt: number;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: epochMs })
  deliveredAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;
}
