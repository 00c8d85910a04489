import { DataSource, In } from 'typeorm';
import { NotificationDeliveryEntity, NotificationEntity } from '@relais/notifications';

/** Where a walk of old notifications stopped: the (created_at, id) of the last one it looked at. */
export interface NotificationCursor {
  createdAt: number;
  id: string;
}

/**
 * Retention of the notification log and its delivery rows, in small batches along `idx_notifications_created`.
 * A notification with a delivery still pending is the dispatcher's outbox, not history: it is never deleted here.
 */
export class NotificationRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` notifications created before `cutoff`, oldest first, after `after` when given. */
  async notificationsBefore(cutoff: number, limit: number, after?: NotificationCursor): Promise<NotificationCursor[]> {
    const query = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .select(['n.id', 'n.createdAt'])
      .where('n.created_at < :cutoff', { cutoff })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .take(limit);
    if (after) {
      query.andWhere('(n.created_at > :afterAt OR (n.created_at = :afterAt AND n.id > :afterId))', {
        afterAt: after.createdAt,
        afterId: after.id,
      });
    }
    const rows = await query.getMany();
    return rows.map((row) => ({ createdAt: row.createdAt, id: row.id }));
  }

  /**
   * Deletes these notifications and their deliveries, in one transaction, except those with a pending delivery.
   * Returns how many notifications went.
   */
  async deleteSettled(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const pending = await manager.getRepository(NotificationDeliveryEntity).find({
        select: { notificationId: true },
        where: { notificationId: In([...ids]), state: 'pending' },
      });
      const kept = new Set(pending.map((row) => row.notificationId));
      const settled = ids.filter((id) => !kept.has(id));
      if (settled.length === 0) return 0;
      await manager.getRepository(NotificationDeliveryEntity).delete({ notificationId: In(settled) });
      const result = await manager.getRepository(NotificationEntity).delete({ id: In(settled) });
      return result.affected ?? settled.length;
    });
  }
}
