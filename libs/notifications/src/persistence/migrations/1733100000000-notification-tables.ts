import { bigintColumn, largeTextType, varcharColumn } from '@relais/persistence';
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * notifications, notification_deliveries, notification_rules, alert_states, notification_cursors. TypeORM's
 * schema API, so the same migration runs on SQLite and MySQL (large text is LONGTEXT on MySQL only).
 */
export class NotificationTables1733100000000 implements MigrationInterface {
  name = 'NotificationTables1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const largeText = largeTextType(queryRunner);
    const str = varcharColumn;
    const ms = bigintColumn;
    const flag = (name: string): TableColumnOptions => ({ name, type: 'smallint', default: 0 });

    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('event', 100),
          str('title', 300),
          { name: 'message', type: largeText },
          str('severity', 10),
          flag('is_alert'),
          { name: 'data', type: largeText },
          str('source', 100),
          str('rule_id', 100, true),
          str('dedupe_key', 255, true),
          flag('suppressed'),
          ms('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_notifications_dedupe_key', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_notifications_created', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_notifications_rule_created', columnNames: ['rule_id', 'created_at'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          { ...str('notification_id', 36), isPrimary: true },
          { ...str('channel', 20), isPrimary: true },
          str('state', 12),
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          ms('next_attempt_at'),
          ms('delivered_at', true),
          ms('created_at'),
          ms('updated_at'),
        ],
        indices: [
          // The dispatcher's query: one channel's pending deliveries that are due, oldest due first.
          new TableIndex({
            name: 'idx_notification_deliveries_due',
            columnNames: ['channel', 'state', 'next_attempt_at'],
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notification_rules',
        columns: [
          { ...str('id', 100), isPrimary: true },
          str('kind', 40),
          str('description', 300),
          { name: 'params', type: 'text' },
          str('severity', 10),
          ms('cooldown_ms'),
          flag('enabled'),
          { name: 'channels', type: 'text', isNullable: true },
          str('origin', 20),
          ms('created_at'),
          ms('updated_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'alert_states',
        columns: [
          { ...str('rule_id', 100), isPrimary: true },
          { ...str('subject', 200), isPrimary: true },
          flag('firing'),
          ms('fired_at', true),
          ms('last_notified_at', true),
          { name: 'suppressed_count', type: 'int', default: 0 },
          ms('last_event_at'),
          str('last_event_id', 36),
          ms('updated_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'notification_cursors',
        columns: [{ ...str('name', 50), isPrimary: true }, ms('position_at'), str('position_id', 36), ms('updated_at')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notification_cursors',
      'alert_states',
      'notification_rules',
      'notification_deliveries',
      'notifications',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
