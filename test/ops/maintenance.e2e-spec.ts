import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { RunState, type FlowContract } from '@relais/contracts';
import {
  DAILY_MAINTENANCE_FLOW,
  EMERGENCY_MAINTENANCE_FLOW,
  RESTORE_BACKUP_FLOW,
  WEEKLY_MAINTENANCE_FLOW,
} from '@relais/domains/ops/contracts';
import { mysqlServerOf } from '@relais/domains/ops/persistence/mysql-dump-tool';
import { NotificationDeliveryEntity, NotificationEntity, type DeliveryState } from '@relais/notifications';
import { ArtifactEntity, FlowRunEntity, RunLogEntity, StepRunEntity } from '@relais/persistence';
import { WorkerOpsModule } from '../../apps/worker-ops/src/worker-ops.module';
import { launcherOf, runsOf, startProducer, startWorker, waitForRunState } from '../engine/engine-harness';
import { aFlowRun } from '../support/flow-run.fixture';
import { testConfig, testTempDir, type TestConfig } from '../support/test-env';

const DAY = 24 * 60 * 60 * 1000;

/** The maintenance flows run by the real worker-ops module on a seeded database, on SQLite or MariaDB. */
describe('maintenance flows', () => {
  let setup: TestConfig;
  let producer: TestingModule;
  let worker: TestingModule;
  let dataSource: DataSource;
  let backupDir: string;
  let cleanupRoot: string;
  const restoredDatabases: string[] = [];

  beforeAll(async () => {
    const scratch = await testTempDir('maintenance-');
    backupDir = join(scratch, 'backups');
    cleanupRoot = join(scratch, 'tmp');
    setup = await testConfig({
      BACKUP_DIR: backupDir,
      BACKUP_KEEP: '2',
      RETENTION_RUNS_DAYS: '90',
      RETENTION_LOGS_DAYS: '30',
      RETENTION_NOTIFICATIONS_DAYS: '60',
      // Small batches: the loops over batches are what is tested.
      RETENTION_BATCH_SIZE: '10',
      CLEANUP_DIRECTORIES: cleanupRoot,
      CLEANUP_MAX_AGE_HOURS: '24',
    });
    producer = await startProducer(setup.config);
    worker = await startWorker(setup.config, WorkerOpsModule);
    dataSource = worker.get(DataSource);
  });

  afterAll(async () => {
    await worker.close();
    await producer.close();
    if (setup.config.database.kind === 'mysql' && restoredDatabases.length > 0) {
      const server = mysqlServerOf(setup.config.database.url);
      const connection = await createConnection({ ...server, database: undefined });
      for (const name of restoredDatabases) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    }
    await setup.cleanup();
  });

  async function runToEnd<R>(
    flow: FlowContract<object, R>,
    params: object,
  ): Promise<{ run: FlowRunEntity; result: R }> {
    const { run } = await launcherOf(producer).launch(flow.name, params);
    const ended = await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect([ended.state, ended.error]).toEqual([RunState.COMPLETED, null]);
    return { run: ended, result: ended.result as R };
  }

  /** An ended run `ageDays` old with a step, a report and `logLines` log lines of the same age. */
  async function seedRun(ageDays: number, logLines: number): Promise<string> {
    const at = Date.now() - ageDays * DAY;
    const run = aFlowRun({ state: RunState.COMPLETED, createdAt: at, updatedAt: at, startedAt: at, endedAt: at });
    await runsOf(producer).insertMany([run]);
    await dataSource.getRepository(StepRunEntity).insert({
      runId: run.id,
      stepKey: 'measure',
      name: 'measure',
      state: 'COMPLETED',
      result: null,
      error: null,
      attempt: 1,
      startedAt: at,
      endedAt: at,
      durationMs: 1,
    } as never);
    await dataSource
      .getRepository(ArtifactEntity)
      .insert({ id: randomUUID(), runId: run.id, kind: 'json', key: 'old-report', content: '{}', createdAt: at });
    await seedLogs(run.id, at, logLines);
    return run.id;
  }

  async function seedLogs(runId: string, at: number, count: number): Promise<void> {
    const lines = Array.from({ length: count }, (_, index) => ({
      runId,
      level: 'info' as const,
      message: `line ${index} of ${runId}`,
      step: null,
      createdAt: at,
    }));
    if (lines.length > 0) await dataSource.getRepository(RunLogEntity).insert(lines);
  }

  /** A notification `ageDays` old with one webhook delivery in `state`. */
  async function seedNotification(ageDays: number, state: DeliveryState): Promise<string> {
    const at = Date.now() - ageDays * DAY;
    const id = randomUUID();
    await dataSource.getRepository(NotificationEntity).insert({
      id,
      event: 'run-failed',
      title: `seeded ${ageDays} days ago`,
      message: 'seeded',
      severity: 'critical',
      isAlert: true,
      data: {},
      source: 'relais',
      ruleId: null,
      dedupeKey: null,
      suppressed: false,
      createdAt: at,
    });
    await dataSource.getRepository(NotificationDeliveryEntity).insert({
      notificationId: id,
      channel: 'webhook',
      state,
      attempts: 1,
      lastError: null,
      nextAttemptAt: at,
      deliveredAt: state === 'delivered' ? at : null,
      createdAt: at,
      updatedAt: at,
    });
    return id;
  }

  async function ageFile(path: string, ageMs: number): Promise<void> {
    const when = new Date(Date.now() - ageMs);
    await utimes(path, when, when);
  }

  it('daily: backs up, keeps the last N, archives old logs, deletes old runs in batches, cleans temp only under its root', async () => {
    // Oldest first: log lines are appended in time order.
    const oldRuns: string[] = [];
    for (let i = 0; i < 12; i += 1) oldRuns.push(await seedRun(120, 3));
    const recentWithOldLogs = await seedRun(40, 25);
    const recent = await seedRun(1, 4);
    // 23 old notifications: more than two batches of RETENTION_BATCH_SIZE (10).
    const oldNotifications: string[] = [];
    for (let i = 0; i < 23; i += 1)
      oldNotifications.push(await seedNotification(61 + i, i % 2 ? 'failed' : 'delivered'));
    const oldButPending = await seedNotification(70, 'pending');
    const recentNotification = await seedNotification(59, 'delivered');

    await mkdir(backupDir, { recursive: true });
    for (const stamp of ['20200101T030000000Z', '20200102T030000000Z', '20200103T030000000Z']) {
      const kind = setup.config.database.kind;
      await writeFile(join(backupDir, `relais-${kind}-${stamp}.${kind === 'sqlite' ? 'sqlite' : 'sql'}.gz`), 'old');
    }
    await writeFile(join(backupDir, 'notes.txt'), 'an operator file: never pruned');
    await mkdir(join(cleanupRoot, 'cache', 'nested'), { recursive: true });
    await writeFile(join(cleanupRoot, 'cache', 'nested', 'stale.bin'), 'x'.repeat(2048));
    await ageFile(join(cleanupRoot, 'cache', 'nested', 'stale.bin'), 3 * DAY);
    await writeFile(join(cleanupRoot, 'fresh.tmp'), 'kept');
    const outside = join(setup.config.dataDir, 'precious.txt');
    await writeFile(outside, 'outside every cleanup root');
    await ageFile(outside, 30 * DAY);
    await symlink(outside, join(cleanupRoot, 'link-to-precious'));

    const { run, result } = await runToEnd(DAILY_MAINTENANCE_FLOW, {});
    expect(result.actions.map((action) => [action.action, action.status])).toEqual([
      ['backup-database', 'done'],
      ['prune-backups', 'done'],
      ['archive-logs', 'done'],
      ['delete-old-runs', 'done'],
      ['delete-old-notifications', 'done'],
      ['trim-queues', 'done'],
      ['clean-temp', 'done'],
      ['check-vector-store', 'skipped'],
    ]);

    const backups = (await readdir(backupDir)).sort();
    const newest = result.actions[0].details?.name as string;
    // BACKUP_KEEP=2: the newest old one and today's; the operator's file is not a backup and stays.
    expect(backups).toEqual(['notes.txt', expect.stringMatching(/^relais-.*20200103T030000000Z/), newest]);
    expect(gunzipSync(await readFile(join(backupDir, newest))).length).toBeGreaterThan(1000);

    const remaining = await dataSource.getRepository(FlowRunEntity).find({ select: { id: true } });
    const ids = new Set(remaining.map((row) => row.id));
    expect(oldRuns.filter((id) => ids.has(id))).toEqual([]);
    expect(ids.has(recent) && ids.has(recentWithOldLogs) && ids.has(run.id)).toBe(true);
    expect(await dataSource.getRepository(StepRunEntity).countBy({ stepKey: 'measure' })).toBe(2);
    expect(await dataSource.getRepository(ArtifactEntity).countBy({ key: 'old-report' })).toBe(2);
    expect(await dataSource.getRepository(RunLogEntity).countBy({ runId: recentWithOldLogs })).toBe(0);
    expect(await dataSource.getRepository(RunLogEntity).countBy({ runId: recent })).toBe(4);

    const archives = await readdir(join(setup.config.dataDir, 'archives', 'logs'));
    const archived = archives
      .flatMap((name) =>
        gunzipSync(readFileSync(join(setup.config.dataDir, 'archives', 'logs', name)))
          .toString()
          .split('\n'),
      )
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { runId: string });
    expect(archived.filter((line) => line.runId === recentWithOldLogs)).toHaveLength(25);
    expect(archived.filter((line) => oldRuns.includes(line.runId))).toHaveLength(36);

    // Notifications older than 60 days went with their deliveries, but the one still being delivered stayed.
    const notificationIds = new Set(
      (await dataSource.getRepository(NotificationEntity).find({ select: { id: true } })).map((row) => row.id),
    );
    expect(oldNotifications.filter((id) => notificationIds.has(id))).toEqual([]);
    expect([notificationIds.has(oldButPending), notificationIds.has(recentNotification)]).toEqual([true, true]);
    const deliveries = await dataSource.getRepository(NotificationDeliveryEntity).find();
    expect(deliveries.filter((row) => oldNotifications.includes(row.notificationId))).toEqual([]);
    expect(deliveries.filter((row) => row.notificationId === oldButPending).map((row) => row.state)).toEqual([
      'pending',
    ]);
    expect(result.actions.find((action) => action.action === 'delete-old-notifications')?.details).toMatchObject({
      deleted: 23,
      kept_pending: 1,
    });

    await expect(stat(join(cleanupRoot, 'cache', 'nested', 'stale.bin'))).rejects.toThrow(/ENOENT/);
    expect((await stat(join(cleanupRoot, 'fresh.tmp'))).isFile()).toBe(true);
    expect((await stat(outside)).isFile()).toBe(true);
  });

  it('restore-backup: a backup restored into an empty database has the same rows', async () => {
    const { result } = await runToEnd(DAILY_MAINTENANCE_FLOW, {});
    const backup = result.actions[0].details?.name as string;
    const target = `relais_restored_${randomUUID().slice(0, 8)}`;
    restoredDatabases.push(target);
    const source = await dataSource.getRepository(FlowRunEntity).find({ select: { id: true, state: true } });

    const { result: restored } = await runToEnd(RESTORE_BACKUP_FLOW, { backup, target });
    expect(restored.tables.flow_runs).toBeGreaterThan(0);
    const restoredRuns = await restoredRunIds(target);
    // The backup was taken inside the daily run: every run that existed before it is in the backup.
    const before = source.filter((row) => row.state === RunState.COMPLETED).map((row) => row.id);
    expect(before.filter((id) => !restoredRuns.has(id))).toEqual([]);
    expect(restored.tables.notification_rules).toBeDefined();

    // A second restore into the same target is refused: a restore never writes over data.
    const { run } = await launcherOf(producer).launch(RESTORE_BACKUP_FLOW.name, { backup, target });
    const refused = await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect(refused.state).toBe(RunState.FAILED);
    expect(refused.error).toMatch(/already holds data/);
  });

  it('refuses a backup name that reaches outside the backup directory', async () => {
    await expect(
      launcherOf(producer).launch(RESTORE_BACKUP_FLOW.name, { backup: '../relais.sqlite', target: 'x' }),
    ).rejects.toThrow(/backup must be a backup file name/);
  });

  it('emergency: picks and reports the actions of the issue described', async () => {
    const { result } = await runToEnd(EMERGENCY_MAINTENANCE_FLOW, {
      issue_description: 'The database seems locked and slow',
    });
    expect(result.issues).toEqual(['database']);
    expect(result.actions.map((action) => [action.action, action.status])).toEqual([
      ['check-database', 'done'],
      ['backup-database', 'done'],
      ['optimize-database', 'done'],
    ]);
  });

  it('weekly: checks and optimises the database', async () => {
    const { result } = await runToEnd(WEEKLY_MAINTENANCE_FLOW, {});
    expect(result.actions.find((action) => action.action === 'check-database')?.summary).toBe('integrity check passed');
    const backups = (await readdir(backupDir)).filter((name) => name.startsWith('relais-'));
    expect(backups).toHaveLength(2);
  });

  async function restoredRunIds(target: string): Promise<Set<string>> {
    if (setup.config.database.kind === 'sqlite') {
      const restored = new Database(join(backupDir, 'restored', `${target}.sqlite`), { readonly: true });
      try {
        return new Set(restored.prepare('SELECT id FROM flow_runs').pluck().all() as string[]);
      } finally {
        restored.close();
      }
    }
    const connection = await createConnection({ ...mysqlServerOf(setup.config.database.url), database: target });
    try {
      const [rows] = await connection.query('SELECT id FROM flow_runs');
      return new Set((rows as { id: string }[]).map((row) => row.id));
    } finally {
      await connection.end();
    }
  }
});
