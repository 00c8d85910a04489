import { RunState } from '@relais/contracts';
import { ArchiveChannel, WebhookChannel, type NotificationEntity } from '@relais/notifications';
import { ArtifactEntity, DeploymentEntity, type FlowRunEntity } from '@relais/persistence';
import { randomUUID } from 'node:crypto';
import { WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import { aFlowRun } from '../support/flow-run.fixture';
import { testTempDir, waitFor } from '../support/test-env';
import {
  aRule,
  notificationsProcess,
  useNotificationsDatabase,
  type NotificationsProcess,
} from './notifications-harness';

const MINUTE = 60_000;

describe('AlertEvaluator over the database', () => {
  const db = useNotificationsDatabase();
  const receiver = new WebhookReceiverFake();
  let archiveDir: string;
  let current: NotificationsProcess | undefined;

  /** A fresh "process" (as after a restart): new evaluator, dispatcher and lock client over the same database. */
  const restart = async (): Promise<NotificationsProcess> => {
    await current?.close();
    current = notificationsProcess(db.dataSource, {
      channels: [
        new ArchiveChannel(archiveDir, 'UTC'),
        new WebhookChannel({ url: receiver.webhookUrl, token: null, signingSecret: null }),
      ],
      secrets: ['db-pa55word'],
    });
    current.dispatcher.start();
    return current;
  };

  beforeAll(async () => {
    await receiver.start();
    archiveDir = await testTempDir('archive-');
  });
  afterAll(async () => {
    await current?.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    receiver.reset();
    for (const table of [
      'notification_deliveries',
      'notifications',
      'alert_states',
      'notification_cursors',
      'notification_rules',
      'flow_runs',
      'artifacts',
      'deployments',
    ]) {
      await db.dataSource.query(`DELETE FROM ${table}`);
    }
  });

  const notificationsOf = (ruleId: string): Promise<NotificationEntity[]> =>
    db.dataSource
      .getRepository<NotificationEntity>('NotificationEntity')
      .find({ where: { ruleId }, order: { createdAt: 'ASC' } });

  /** Stores a run that already ended: what a worker (or the reconciler) writes. */
  const ended = async (
    process: NotificationsProcess,
    state: RunState,
    overrides: Partial<FlowRunEntity> = {},
  ): Promise<FlowRunEntity> => {
    const now = Date.now();
    const run = aFlowRun({
      state,
      attempts: 2,
      maxAttempts: 2,
      startedAt: now - 1000,
      endedAt: now,
      updatedAt: now,
      ...overrides,
    });
    await process.runs.insertMany([run]);
    return run;
  };

  it('alerts once on a run marked CRASHED directly in the database, across two evaluator restarts', async () => {
    let process = await restart();
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed' }));
    await process.loop.runOnce(); // first pass: sets the cursor at the present
    const run = aFlowRun({
      state: RunState.RUNNING,
      attempts: 1,
      maxAttempts: 1,
      startedAt: Date.now(),
      workerId: 'w1',
    });
    await process.runs.insertMany([run]);

    // The worker is SIGKILLed: nothing calls back; the reconciler (or an operator) writes the end state.
    const crashedAt = Date.now();
    await db.dataSource.query('UPDATE flow_runs SET state = ?, error = ?, ended_at = ?, updated_at = ? WHERE id = ?', [
      RunState.CRASHED,
      'Worker lost: job stalled more than allowable limit (db-pa55word)',
      crashedAt,
      crashedAt,
      run.id,
    ]);

    expect(await process.loop.runOnce()).toMatchObject({ endedRuns: 1, notified: 1 });
    await waitFor(() => receiver.requests.length === 1, { message: 'the webhook delivery' });

    process = await restart();
    expect(await process.loop.runOnce()).toMatchObject({ endedRuns: 1, notified: 0 }); // re-read in the overlap
    process = await restart();
    expect(await process.loop.runOnce()).toMatchObject({ notified: 0 });
    await process.dispatcher.drain('webhook');

    const alerts = await notificationsOf('failures');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ event: 'run.failed', isAlert: true, severity: 'critical', suppressed: false });
    expect(alerts[0].title).toBe('Run crashed: ops.health-check');
    expect(alerts[0].message).toContain('[REDACTED]');
    expect(alerts[0].message).not.toContain('db-pa55word');
    expect(receiver.requests).toHaveLength(1);
    const body = JSON.parse(receiver.requests[0].body.toString('utf8')) as {
      event: string;
      is_alert: boolean;
      data: { run_id: string };
    };
    expect(body).toMatchObject({ event: 'run.failed', is_alert: true, data: { run_id: run.id } });
  });

  it('fires per flow, keeps repeats quiet in the cooldown (archived as suppressed), resolves on the next success', async () => {
    const process = await restart();
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed', cooldownMs: 10 * MINUTE }));
    await process.evaluator.evaluate();
    await ended(process, RunState.FAILED, { error: 'first' });
    await ended(process, RunState.FAILED, { error: 'second', updatedAt: Date.now() + 1 });
    await ended(process, RunState.FAILED, { flowName: 'scrutart.process-artist', queue: 'scrutart' });
    expect(await process.evaluator.evaluate()).toMatchObject({ notified: 2, suppressed: 1 });

    await ended(process, RunState.COMPLETED, { updatedAt: Date.now() + 10 });
    expect(await process.evaluator.evaluate()).toMatchObject({ notified: 1 });
    const events = (await notificationsOf('failures')).map((row) => [row.event, row.suppressed, row.data.flow]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['run.failed', false, 'ops.health-check'],
        ['run.failed', true, 'ops.health-check'],
        ['run.failed', false, 'scrutart.process-artist'],
        ['run.failed.resolved', false, 'ops.health-check'],
      ]),
    );
    const resolved = (await notificationsOf('failures')).find((row) => row.event === 'run.failed.resolved')!;
    expect(resolved.message).toContain('1 more failure of this flow were held back');
    expect(resolved.isAlert).toBe(false);
  });

  it('works through a backlog page by page, each page committed, every failure notified once', async () => {
    await current?.close();
    current = notificationsProcess(db.dataSource, { channels: [new ArchiveChannel(archiveDir, 'UTC')], pageSize: 5 });
    const process = current;
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed' }));
    await process.evaluator.evaluate();
    const base = Date.now();
    for (let i = 0; i < 12; i++) await ended(process, RunState.FAILED, { updatedAt: base + i, endedAt: base + i });
    // The passes' clock after the last run: the cursor never passes a pass's own clock, and writing twelve runs
    // can take less than the 11 ms they span.
    const later = base + 1_000;
    expect(await process.evaluator.evaluate(later)).toMatchObject({ endedRuns: 12, notified: 12 });
    expect(await process.evaluator.evaluate(later)).toMatchObject({ notified: 0 });
    expect(await notificationsOf('failures')).toHaveLength(12);
    const [cursor] = await db.dataSource.query<{ position_at: string | number }[]>(
      "SELECT position_at FROM notification_cursors WHERE name = 'runs'",
    );
    expect(Number(cursor.position_at)).toBe(base + 11);
  });

  it("keeps its cursor at its own clock when a writer's clock runs ahead, so later runs are not skipped", async () => {
    const process = await restart();
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed' }));
    const now = Date.now();
    await process.evaluator.evaluate(now);
    await ended(process, RunState.FAILED, {
      flowName: 'ahead.flow',
      updatedAt: now + 10 * MINUTE,
      endedAt: now + 10 * MINUTE,
    });
    await process.evaluator.evaluate(now + 1000);
    await ended(process, RunState.FAILED, { flowName: 'on-time.flow', updatedAt: now + 2000, endedAt: now + 2000 });
    await process.evaluator.evaluate(now + 3000);
    expect((await notificationsOf('failures')).map((row) => row.data.flow)).toEqual(['ahead.flow', 'on-time.flow']);
  });

  it('filters failures by deployment tag and by state', async () => {
    const process = await restart();
    await db.dataSource
      .getRepository(DeploymentEntity)
      .save([
        deployment('nightly-batch', 'scrutart.process-batch', ['scrutart']),
        deployment('health-hourly', 'ops.health-check', ['ops']),
      ]);
    await process.rules.insert(
      aRule({ id: 'ops-crashes', kind: 'run-failed', params: { tags: ['ops'], states: ['CRASHED'] } }),
    );
    await process.evaluator.evaluate();
    await ended(process, RunState.CRASHED, { deploymentName: 'nightly-batch', flowName: 'scrutart.process-batch' });
    await ended(process, RunState.FAILED, { deploymentName: 'health-hourly' });
    const matching = await ended(process, RunState.CRASHED, { deploymentName: 'health-hourly' });
    await process.evaluator.evaluate();
    const alerts = await notificationsOf('ops-crashes');
    expect(alerts.map((row) => row.data.run_id)).toEqual([matching.id]);
  });

  it('alerts on a health score under the threshold, reminds after the cooldown, resolves when it recovers', async () => {
    const process = await restart();
    await process.rules.insert(
      aRule({
        id: 'health',
        kind: 'health-below',
        params: { threshold: 70 },
        cooldownMs: 10 * MINUTE,
        severity: 'warning',
      }),
    );
    await process.evaluator.evaluate();
    const t0 = Date.now();
    await ended(process, RunState.COMPLETED, {
      result: { score: 55, status: 'failing', alert_threshold: 70 },
      updatedAt: t0,
    });
    await process.evaluator.evaluate(t0 + 1000);
    await ended(process, RunState.COMPLETED, { result: { score: 50, status: 'failing' }, updatedAt: t0 + 2000 });
    await process.evaluator.evaluate(t0 + 3000); // inside the cooldown: quiet
    await ended(process, RunState.COMPLETED, { result: { score: 52, status: 'failing' }, updatedAt: t0 + 4000 });
    await process.evaluator.evaluate(t0 + 11 * MINUTE); // after it: reminded
    await ended(process, RunState.COMPLETED, {
      result: { score: 90, status: 'healthy' },
      updatedAt: t0 + 11 * MINUTE + 1,
    });
    await process.evaluator.evaluate(t0 + 12 * MINUTE);

    const rows = await notificationsOf('health');
    expect(rows.map((row) => [row.event, row.data.score])).toEqual([
      ['health.below-threshold', 55],
      ['health.below-threshold', 52],
      ['health.below-threshold.resolved', 90],
    ]);
    expect(rows[0]).toMatchObject({ severity: 'warning', isAlert: true, title: 'Health score 55/100 is under 70' });
    expect(rows[1].message).toMatch(/^Still low/);
  });

  it('tells each report produced by a matching flow, quoting a Markdown report', async () => {
    const process = await restart();
    await process.rules.insert(
      aRule({ id: 'reports', kind: 'report-produced', params: { flows: ['ops.analytics-report'] }, severity: 'info' }),
    );
    await process.evaluator.evaluate();
    const analytics = await ended(process, RunState.COMPLETED, { flowName: 'ops.analytics-report' });
    const other = await ended(process, RunState.COMPLETED, { flowName: 'ops.health-check' });
    const now = Date.now();
    await db.dataSource.getRepository(ArtifactEntity).insert([
      {
        id: randomUUID(),
        runId: analytics.id,
        kind: 'markdown',
        key: 'analytics-report',
        content: '# Daily report\n\n42 runs, 98 % success',
        createdAt: now,
      },
      {
        id: randomUUID(),
        runId: other.id,
        kind: 'json',
        key: 'health-report',
        content: '{"score":90}',
        createdAt: now,
      },
    ]);
    expect(await process.evaluator.evaluate()).toMatchObject({ reports: 2, notified: 1 });
    expect(await process.evaluator.evaluate()).toMatchObject({ notified: 0 });
    const [report] = await notificationsOf('reports');
    expect(report).toMatchObject({
      event: 'report.produced',
      isAlert: false,
      title: 'Report ready: analytics-report (ops.analytics-report)',
    });
    expect(report.message).toContain('42 runs, 98 % success');
  });

  it('alerts once on a run running too long and resolves it when the run ends', async () => {
    const process = await restart();
    await process.rules.insert(
      aRule({ id: 'long', kind: 'run-too-long', params: { minutes: 30 }, severity: 'warning' }),
    );
    const now = Date.now();
    const slow = aFlowRun({ state: RunState.RUNNING, startedAt: now - 45 * MINUTE });
    const young = aFlowRun({ state: RunState.RUNNING, startedAt: now - 5 * MINUTE });
    await process.runs.insertMany([slow, young]);
    await process.evaluator.evaluate(now);
    await process.evaluator.evaluate(now + MINUTE);
    await db.dataSource.query('UPDATE flow_runs SET state = ?, ended_at = ?, updated_at = ? WHERE id = ?', [
      RunState.COMPLETED,
      now + MINUTE,
      now + MINUTE,
      slow.id,
    ]);
    await process.evaluator.evaluate(now + 2 * MINUTE);
    const rows = await notificationsOf('long');
    expect(rows.map((row) => [row.event, row.data.run_id])).toEqual([
      ['run.too-long', slow.id],
      ['run.too-long.resolved', slow.id],
    ]);
    expect(rows[0].title).toBe('Run of ops.health-check running for 45 min');
    expect(await db.dataSource.query('SELECT * FROM alert_states WHERE rule_id = ?', ['long'])).toHaveLength(0);
  });

  it('proactively alerts when a flow has not completed for N hours, not while paused, and resolves on completion', async () => {
    const process = await restart();
    const HOUR = 60 * MINUTE;
    const now = Date.now();
    await process.rules.insert(
      aRule({
        id: 'silent',
        kind: 'flow-silent',
        params: { flow: 'ops.daily-maintenance', hours: 26 },
        cooldownMs: 24 * HOUR,
        createdAt: now - 100 * HOUR,
      }),
    );
    await ended(process, RunState.COMPLETED, { flowName: 'ops.daily-maintenance', createdAt: now - 30 * HOUR });
    await db.dataSource
      .getRepository(DeploymentEntity)
      .save([{ ...deployment('daily-maintenance', 'ops.daily-maintenance', ['ops']), paused: true }]);
    await process.evaluator.evaluate(now);
    expect(await notificationsOf('silent')).toHaveLength(0); // paused: not expected to run

    await db.dataSource.getRepository(DeploymentEntity).update({ name: 'daily-maintenance' }, { paused: false });
    await process.evaluator.evaluate(now);
    await process.evaluator.evaluate(now + MINUTE); // still silent, inside the cooldown: nothing new
    await ended(process, RunState.COMPLETED, { flowName: 'ops.daily-maintenance', createdAt: now + 2 * MINUTE });
    await process.evaluator.evaluate(now + 3 * MINUTE);
    const rows = await notificationsOf('silent');
    expect(rows.map((row) => row.event)).toEqual(['flow.silent', 'flow.silent.resolved']);
    expect(rows[0].title).toBe('No completed run of ops.daily-maintenance in 26 h');
  });

  it('does not alert on time before a proactive rule existed', async () => {
    const process = await restart();
    const now = Date.now();
    await process.rules.insert(
      aRule({
        id: 'silent-new',
        kind: 'flow-silent',
        params: { flow: 'ops.never-ran', hours: 2 },
        createdAt: now - MINUTE,
      }),
    );
    await process.evaluator.evaluate(now);
    expect(await notificationsOf('silent-new')).toHaveLength(0);
    await process.evaluator.evaluate(now + 3 * 60 * MINUTE);
    expect(await notificationsOf('silent-new')).toHaveLength(1);
  });

  it('skips a rule whose stored params no longer validate and still evaluates the others', async () => {
    const process = await restart();
    await process.rules.insert(aRule({ id: 'broken', kind: 'run-too-long', params: { minutes: 'soon' } }));
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed' }));
    await process.evaluator.evaluate();
    await ended(process, RunState.FAILED);
    expect(await process.evaluator.evaluate()).toMatchObject({ invalidRules: ['broken'], notified: 1 });
  });

  it('uses a rule edited in the database at the next pass, even with its updated_at left as it was', async () => {
    const process = await restart();
    await process.rules.insert(aRule({ id: 'failures', kind: 'run-failed', params: { flows: ['other.flow'] } }));
    await process.rules.insert(aRule({ id: 'broken', kind: 'run-too-long', params: { minutes: 'soon' } }));
    await process.evaluator.evaluate();
    await ended(process, RunState.FAILED);
    expect(await process.evaluator.evaluate()).toMatchObject({ invalidRules: ['broken'], notified: 0 });

    // By hand, as an operator would: params only.
    const edit = (id: string, params: unknown) =>
      db.dataSource.query('UPDATE notification_rules SET params = ? WHERE id = ?', [JSON.stringify(params), id]);
    await edit('failures', { flows: ['ops.health-check'] });
    await edit('broken', { minutes: 30 });
    const second = await ended(process, RunState.FAILED);
    expect(await process.evaluator.evaluate()).toMatchObject({ invalidRules: [] });
    expect((await notificationsOf('failures')).map((row) => row.data.run_id)).toContain(second.id);
  });

  it('runs one pass at a time across processes (the Redis lock)', async () => {
    const first = await restart();
    const second = notificationsProcess(db.dataSource, { channels: [], redisPrefix: 'shared-lock-prefix' });
    const third = notificationsProcess(db.dataSource, { channels: [], redisPrefix: 'shared-lock-prefix' });
    try {
      await first.rules.insert(aRule({ id: 'failures', kind: 'run-failed' }));
      let release: () => void = () => undefined;
      let entered: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const slowPass = second.evaluator.evaluate.bind(second.evaluator);
      second.evaluator.evaluate = async (now?: number) => {
        entered();
        await held;
        return slowPass(now);
      };
      const running = second.loop.runOnce();
      await inside; // the second process holds the lock and is evaluating
      expect(await third.loop.runOnce()).toBeNull();
      release();
      expect(await running).not.toBeNull();
      expect(await third.loop.runOnce()).not.toBeNull();
    } finally {
      await second.close();
      await third.close();
    }
  });
});

function deployment(name: string, flowName: string, tags: string[]): DeploymentEntity {
  return {
    name,
    flowName,
    description: name,
    parameters: {},
    scheduleCron: null,
    scheduleTimezone: null,
    scheduleEveryMs: null,
    paused: false,
    pausedByAll: false,
    catchUp: 'skip',
    tags,
    inCatalogue: true,
    lastRunAt: null,
    lastRunId: null,
    nextRunAt: null,
    createdAt: 0,
    updatedAt: 0,
  };
}
