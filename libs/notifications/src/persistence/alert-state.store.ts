import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChannelName, Notification } from '../model/notification';
import type { DecidedNotification } from '../rules/alert-outcome';
import type { SubjectState } from '../rules/alert-transition';
import { deliverTo } from '../delivery/deliver-to';
import { AlertStateEntity } from './alert-state.entity';
import { EvaluationCursorEntity } from './evaluation-cursor.entity';
import type { SourcePosition } from './alert-source.reader';
import { NotificationRepository } from './notification.repository';

/** One alert state change: `state` null deletes it. */
export interface StateChange {
  ruleId: string;
  subject: string;
  state: SubjectState | null;
}

/**
 * The evaluator's memory: alert states and source cursors, written in the same transaction as the
 * notifications (and their deliveries) they led to. Either all of a page's conclusions are stored or none,
 * which is what makes an alert exactly-once across crashes and restarts.
 */
@Injectable()
export class AlertStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
  ) {}

  /** Every stored alert state. */
  async loadStates(): Promise<{ ruleId: string; subject: string; state: SubjectState }[]> {
    const rows = await this.dataSource.getRepository(AlertStateEntity).find();
    return rows.map(({ ruleId, subject, updatedAt: _updatedAt, ...state }) => ({ ruleId, subject, state }));
  }

  /** The saved position of a source, or null before the first pass. */
  async cursor(name: string): Promise<SourcePosition | null> {
    const row = await this.dataSource.getRepository(EvaluationCursorEntity).findOneBy({ name });
    return row ? { at: row.positionAt, id: row.positionId } : null;
  }

  /** Stores notifications (deliveries to `configured` channels unless suppressed), state changes and cursors at once. */
  async commit(
    decided: readonly DecidedNotification[],
    changes: readonly StateChange[],
    cursors: readonly { name: string; position: SourcePosition }[],
    context: { source: string; configured: readonly ChannelName[]; now: number },
  ): Promise<Notification[]> {
    if (decided.length === 0 && changes.length === 0 && cursors.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const stored = await this.notifications.insert(
        decided.map(({ draft, suppressed }) => ({
          draft,
          suppressed,
          channels: deliverTo(draft.channels, context.configured),
        })),
        context.source,
        context.now,
        manager,
      );
      await writeStates(manager, changes, context.now);
      await writeCursors(manager, cursors, context.now);
      return stored;
    });
  }
}

async function writeStates(manager: EntityManager, changes: readonly StateChange[], now: number): Promise<void> {
  // Delete then insert, a statement each per chunk: portable across SQLite and MySQL (no upsert to spell
  // twice), and the evaluator's lock means no one else writes these rows meanwhile.
  for (let i = 0; i < changes.length; i += 200) {
    const chunk = changes.slice(i, i + 200);
    const params = chunk.flatMap(({ ruleId, subject }) => [ruleId, subject]);
    await manager.query(
      `DELETE FROM alert_states WHERE ${chunk.map(() => '(rule_id = ? AND subject = ?)').join(' OR ')}`,
      params,
    );
    const rows = chunk.flatMap(({ ruleId, subject, state }) =>
      state ? [{ ruleId, subject, ...state, updatedAt: now }] : [],
    );
    if (rows.length > 0) {
      // updateEntity(false): TypeORM would otherwise read every inserted row back for its defaults.
      await manager.createQueryBuilder().insert().into(AlertStateEntity).values(rows).updateEntity(false).execute();
    }
  }
}

async function writeCursors(
  manager: EntityManager,
  cursors: readonly { name: string; position: SourcePosition }[],
  now: number,
): Promise<void> {
  if (cursors.length === 0) return;
  await manager.query(
    `DELETE FROM notification_cursors WHERE name IN (${cursors.map(() => '?').join(', ')})`,
    cursors.map(({ name }) => name),
  );
  await manager
    .createQueryBuilder()
    .insert()
    .into(EvaluationCursorEntity)
    .values(
      cursors.map(({ name, position }) => ({ name, positionAt: position.at, positionId: position.id, updatedAt: now })),
    )
    .updateEntity(false)
    .execute();
}
