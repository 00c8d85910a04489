import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { boundNotification } from '../model/bounded-notification';
import type { ChannelName, Notification, NotificationDraft } from '../model/notification';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationEntity } from './notification.entity';

/** A notification to store and the channels it goes to (none when suppressed). */
export interface NotificationToStore {
  draft: NotificationDraft;
  suppressed: boolean;
  channels: readonly ChannelName[];
}

/** One page of the log, newest first. */
export interface NotificationLogQuery {
  limit: number;
  alertsOnly?: boolean;
  ruleId?: string;
  /** Cursor: the (createdAt, id) of the last notification of the previous page. */
  before?: { createdAt: number; id: string };
}

/** A notification with its deliveries, as the log shows it. */
export interface NotificationLogEntry extends Notification {
  deliveries: NotificationDeliveryEntity[];
}

/** The notifications table and the delivery rows written with each notification (the outbox). */
@Injectable()
export class NotificationRepository {
  private readonly notifications: Repository<NotificationEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.notifications = dataSource.getRepository(NotificationEntity);
  }

  /**
   * Inserts the notifications and one pending delivery per channel, inside `manager`'s transaction when given:
   * a notification is never stored without its deliveries, nor the other way round.
   */
  async insert(
    items: readonly NotificationToStore[],
    source: string,
    now: number,
    manager?: EntityManager,
  ): Promise<Notification[]> {
    if (items.length === 0) return [];
    const stored: Notification[] = items.map(({ draft, suppressed }) => {
      const bounded = boundNotification(draft);
      return {
        id: randomUUID(),
        event: bounded.event,
        title: bounded.title,
        message: bounded.message,
        severity: bounded.severity,
        isAlert: bounded.isAlert,
        data: bounded.data,
        ruleId: bounded.ruleId ?? null,
        dedupeKey: bounded.dedupeKey ?? null,
        source,
        suppressed,
        createdAt: now,
      };
    });
    const deliveries: NotificationDeliveryEntity[] = items.flatMap((item, index) =>
      item.suppressed
        ? []
        : [...new Set(item.channels)].map((channel) => ({
            notificationId: stored[index].id,
            channel,
            state: 'pending' as const,
            attempts: 0,
            lastError: null,
            nextAttemptAt: now,
            deliveredAt: null,
            createdAt: now,
            updatedAt: now,
          })),
    );
    const write = async (transaction: EntityManager): Promise<void> => {
      // Chunks keep every statement under SQLite's and MySQL's placeholder limits; updateEntity(false) spares
      // TypeORM's read-back of each inserted row (a SELECT per row, for defaults this code already set).
      for (let i = 0; i < stored.length; i += 200) {
        await transaction
          .createQueryBuilder()
          .insert()
          .into(NotificationEntity)
          .values(stored.slice(i, i + 200) as unknown as QueryDeepPartialEntity<NotificationEntity>[])
          .updateEntity(false)
          .execute();
      }
      for (let i = 0; i < deliveries.length; i += 500) {
        await transaction
          .createQueryBuilder()
          .insert()
          .into(NotificationDeliveryEntity)
          .values(deliveries.slice(i, i + 500))
          .updateEntity(false)
          .execute();
      }
    };
    if (manager) await write(manager);
    else await this.dataSource.transaction(write);
    return stored;
  }

  /** The keys among `keys` that a stored notification already has. */
  async existingDedupeKeys(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.notifications.find({
        select: { dedupeKey: true },
        where: { dedupeKey: In(keys.slice(i, i + 500)) },
      });
      for (const row of rows) if (row.dedupeKey) found.add(row.dedupeKey);
    }
    return found;
  }

  findByIds(ids: readonly string[]): Promise<Notification[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.notifications.findBy({ id: In([...ids]) }).then((rows) => rows.map(toNotification));
  }

  /** One page of the log, newest first, each notification with its deliveries. */
  async list(query: NotificationLogQuery): Promise<NotificationLogEntry[]> {
    const builder = this.notifications.createQueryBuilder('n');
    if (query.alertsOnly) builder.andWhere('n.is_alert = 1');
    if (query.ruleId) builder.andWhere('n.rule_id = :ruleId', { ruleId: query.ruleId });
    if (query.before) {
      builder.andWhere('n.created_at <= :cAt AND (n.created_at < :cAt OR n.id < :cId)', {
        cAt: query.before.createdAt,
        cId: query.before.id,
      });
    }
    const rows = await builder
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(Math.min(Math.max(query.limit, 1), 500))
      .getMany();
    const deliveries = rows.length
      ? await this.dataSource
          .getRepository(NotificationDeliveryEntity)
          .findBy({ notificationId: In(rows.map((row) => row.id)) })
      : [];
    return rows.map((row) => ({
      ...toNotification(row),
      deliveries: deliveries.filter((delivery) => delivery.notificationId === row.id),
    }));
  }
}

function toNotification(row: NotificationEntity): Notification {
  return { ...row };
}
