import { DOMAINS } from '@relais/domains';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RunState, type FlowContract } from '@relais/contracts';
import {
  ANALYTICS_REPORT_FLOW,
  CONTINUOUS_MONITORING_FLOW,
  PERFORMANCE_MONITORING_FLOW,
} from '@relais/domains/ops/contracts';
import { QueueRegistry } from '@relais/engine';
import { NotificationRepository } from '@relais/notifications';
import { ArtifactRepository, type FlowRunEntity } from '@relais/persistence';
import { WorkerOpsModule } from '../../apps/worker-ops/src/worker-ops.module';
import { launcherOf, runsOf, startProducer, startWorker, waitForRunState } from '../engine/engine-harness';
import { startScheduler } from '../scheduler/scheduler-harness';
import { aFlowRun } from '../support/flow-run.fixture';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';

const HOUR = 60 * 60 * 1000;
const SLOW_FLOW = 'scrutart.process-artist';

/** Performance monitoring, continuous monitoring and analytics by the real worker-ops module. */
describe('monitoring and analytics flows', () => {
  let setup: TestConfig;
  let producer: TestingModule;
  let worker: TestingModule;

  beforeAll(async () => {
    setup = await testConfig({ NOTIFY_POLL_MS: '50', ALERT_EVALUATION_INTERVAL_MS: '200' });
    producer = await startProducer(setup.config);
    worker = await startWorker(setup.config, WorkerOpsModule);
  });

  afterAll(async () => {
    await worker.close();
    await producer.close();
    await setup.cleanup();
  });

  async function runToEnd<R>(flow: FlowContract<object, R>, params: object): Promise<R> {
    const { run } = await launcherOf(producer).launch(flow.name, params);
    const ended = await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect([ended.state, ended.error]).toEqual([RunState.COMPLETED, null]);
    return ended.result as R;
  }

  /** Runs of `flow` created `hoursAgo`, ended in `state`, each lasting `durationMs`. */
  async function seedRuns(flow: string, count: number, state: RunState, hoursAgo: number, durationMs: number) {
    const created = Date.now() - hoursAgo * HOUR;
    const runs: FlowRunEntity[] = Array.from({ length: count }, () =>
      aFlowRun({
        flowName: flow,
        queue: 'scrutart',
        state,
        createdAt: created,
        updatedAt: created,
        startedAt: created + 100,
        endedAt: created + 100 + durationMs,
        result: { works_count: 2 },
      }),
    );
    await runsOf(producer).insertMany(runs);
  }

  it('performance: flags a flow twice as slow as the earlier reports, and scores it', async () => {
    const artifacts = worker.get(ArtifactRepository);
    for (let i = 1; i <= 3; i += 1) {
      await artifacts.insert({
        id: randomUUID(),
        runId: randomUUID(),
        kind: 'json',
        key: 'performance-report',
        content: JSON.stringify({ flows: [{ flow: SLOW_FLOW, duration_p95_ms: 1000 }] }),
        createdAt: Date.now() - i * 6 * HOUR,
      });
    }
    await seedRuns(SLOW_FLOW, 6, RunState.COMPLETED, 2, 5000);

    const result = await runToEnd(PERFORMANCE_MONITORING_FLOW, { window_hours: 24 });
    const slowdown = result.anomalies.find((anomaly) => anomaly.subject === SLOW_FLOW);
    expect(slowdown).toMatchObject({ points: 10, message: 'p95 5000 ms against 1000 ms before' });
    expect(result.score).toBeLessThanOrEqual(90);
    const report = await worker.get(ArtifactRepository).findById(result.report_id);
    const content = JSON.parse(report?.content ?? '{}') as { flows: { flow: string; duration_p95_ms: number }[] };
    expect(content.flows.find((flow) => flow.flow === SLOW_FLOW)?.duration_p95_ms).toBe(5000);
  });

  it('analytics: runs, success rates, percentiles and domain figures, compared with the previous period, then notified', async () => {
    await seedRuns('ops.health-check', 4, RunState.COMPLETED, 3, 200);
    await seedRuns('ops.health-check', 1, RunState.FAILED, 3, 200);
    await seedRuns('ops.health-check', 2, RunState.COMPLETED, 30, 200);

    const scheduler = await startScheduler(setup.config, []);
    try {
      const result = await runToEnd(ANALYTICS_REPORT_FLOW, { period: 'daily' });
      const report = await worker.get(ArtifactRepository).findById(result.report_id);
      const content = JSON.parse(report?.content ?? '{}') as {
        flows: { flow: string; runs: number; success_rate: number; duration_p95_ms: number }[];
        domains: { domain: string; figures: Record<string, { value: number }> }[];
        previous_totals: { runs: number };
      };
      expect(content.flows.find((flow) => flow.flow === 'ops.health-check')).toMatchObject({
        runs: 5,
        success_rate: 0.8,
        duration_p95_ms: 200,
      });
      expect(content.domains.map((domain) => domain.domain)).toEqual(DOMAINS.map((domain) => domain.name));
      expect(content.domains[0].figures.health_checks.value).toBe(4);
      expect(content.previous_totals.runs).toBeGreaterThanOrEqual(2);
      const summary = await worker.get(ArtifactRepository).findById(result.summary_id);
      expect(summary?.content).toMatch(/^# Analytics: daily report/);

      const notifications = scheduler.get(NotificationRepository);
      await waitFor(
        async () =>
          (await notifications.list({ limit: 50, ruleId: 'report-produced' })).some(
            (entry) => entry.title === 'Report ready: analytics-summary (ops.analytics-report)',
          ),
        { message: 'the analytics summary to be notified' },
      );
      const produced = await notifications.list({ limit: 50, ruleId: 'report-produced' });
      expect(produced.filter((entry) => entry.title.includes('analytics'))).toHaveLength(1);
    } finally {
      await scheduler.close();
    }
  });

  it('continuous: samples every interval and alerts on each sample with an anomaly', async () => {
    // A job waiting for 20 minutes in a queue nobody consumes here: the wait rule fires on every sample.
    await worker
      .get(QueueRegistry)
      .get('scrutart')
      .add('stale', {}, { jobId: `stale-${randomUUID()}`, timestamp: Date.now() - 20 * 60_000 });

    const { run } = await launcherOf(producer).launch(CONTINUOUS_MONITORING_FLOW.name, {
      duration_minutes: 0.05,
      interval_minutes: 0.05,
    });
    const ended = await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect(ended.state).toBe(RunState.COMPLETED);
    expect(ended.result).toMatchObject({ samples: 2, alerts: 2 });
    const alerts = (await worker.get(NotificationRepository).list({ limit: 50, alertsOnly: true })).filter(
      (entry) => entry.event === 'monitoring.anomaly',
    );
    expect(alerts.map((entry) => entry.dedupeKey).sort()).toEqual([
      `continuous-monitoring:${run.id}:0`,
      `continuous-monitoring:${run.id}:1`,
    ]);
    expect(alerts[0].message).toMatch(/oldest job waiting for 20 min/);
    expect(worker.get(DataSource).isInitialized).toBe(true);
  });
});
