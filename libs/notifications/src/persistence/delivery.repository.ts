import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual, type Repository } from 'typeorm';
import type { ChannelName } from '../model/notification';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

/** Identifies one delivery: a notification on a channel. */
export interface DeliveryKey {
  notificationId: string;
  channel: ChannelName;
}

/**
 * The delivery log. A sender claims a due delivery by moving its `next_attempt_at` to a lease (only one sender
 * wins the conditional update); if the sender dies, the lease expires and the delivery is due again. Delivery
 * is therefore at least once: receivers dedupe on the notification id (the webhook sends it as a header).
 */
@Injectable()
export class DeliveryRepository {
  private readonly deliveries: Repository<NotificationDeliveryEntity>;

  constructor(dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(NotificationDeliveryEntity);
  }

  /** Pending deliveries of `channel` due by `now`, the longest-waiting first: one range of the due index. */
  due(channel: ChannelName, now: number, limit: number): Promise<NotificationDeliveryEntity[]> {
    return this.deliveries.find({
      where: { channel, state: 'pending', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
  }

  /** Takes the delivery for one attempt if no one else did since it was read; true when this caller has it. */
  async claim(delivery: NotificationDeliveryEntity, leaseUntil: number, now: number): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', nextAttemptAt: leaseUntil, updatedAt: now })
      .where('notification_id = :id AND channel = :channel AND state = :state AND next_attempt_at = :due', {
        id: delivery.notificationId,
        channel: delivery.channel,
        state: 'pending',
        due: delivery.nextAttemptAt,
      })
      .execute();
    return result.affected === 1;
  }

  async markDelivered(key: DeliveryKey, now: number): Promise<void> {
    await this.deliveries.update(key, { state: 'delivered', lastError: null, deliveredAt: now, updatedAt: now });
  }

  /** Records a failed attempt; `retryAt` null means no further attempt (`failed`). */
  async markAttemptFailed(key: DeliveryKey, error: string, retryAt: number | null, now: number): Promise<void> {
    await this.deliveries.update(
      key,
      retryAt === null
        ? { state: 'failed', lastError: error, updatedAt: now }
        : { state: 'pending', lastError: error, nextAttemptAt: retryAt, updatedAt: now },
    );
  }

  find(key: DeliveryKey): Promise<NotificationDeliveryEntity | null> {
    return this.deliveries.findOneBy(key);
  }
}
