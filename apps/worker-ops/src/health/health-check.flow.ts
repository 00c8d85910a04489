import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { HEALTH_CHECK_FLOW, HealthCheckParams, type HealthCheckResult } from '@relais/domains/ops/contracts';
import {
  FlowCatalogue,
  QueueRegistry,
  REDIS_CLIENT,
  type FlowHandler,
  type RunContext,
  type RedisClient,
} from '@relais/engine';
import { probeChroma } from './chroma-probe';
import { DatabaseProbe } from './database-probe';
import { probeDirectories } from './directory-probe';
import { HEALTH_DEDUCTIONS } from './health-deductions';
import type { HealthMeasurements } from './health-measurements';
import { healthMetrics } from './health-metrics';
import { scoreHealth } from './health-score';
import { probeQueues } from './queue-probe';
import { probeRedis } from './redis-probe';
import { probeSystem } from './system-probe';

/** Each probe gives up after this long; six probe groups in a row stay well inside the flow's 2-minute timeout. */
const PROBE_TIMEOUT_MS = 3000;

/**
 * `ops.health-check`: measures the host, Redis, the database, Chroma, the flow queues and the configured
 * directories, scores them with HEALTH_DEDUCTIONS and stores a JSON report. A down dependency is a finding,
 * not a failed run: the run fails only when the report cannot be stored or the run is cancelled.
 */
@Injectable()
export class HealthCheckFlow implements FlowHandler<typeof HEALTH_CHECK_FLOW> {
  readonly contract = HEALTH_CHECK_FLOW;
  private readonly chromaUrl: string | undefined;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(DatabaseProbe) private readonly database: DatabaseProbe,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(QueueRegistry) private readonly queues: QueueRegistry,
    @Inject(FlowCatalogue) private readonly catalogue: FlowCatalogue,
  ) {
    this.chromaUrl = chromaUrlOf(config);
  }

  async run(ctx: RunContext<HealthCheckParams>): Promise<HealthCheckResult> {
    // Defaults of the contract apply even if a caller's params reach the flow as a plain object.
    const params = Object.assign(new HealthCheckParams(), ctx.params);
    const probe = { timeoutMs: PROBE_TIMEOUT_MS };

    const system = await ctx.step('measure-system', ({ signal }) =>
      probeSystem({ dataDir: this.config.dataDir, ...probe, signal }),
    );
    ctx.progress(20, 'System measured');
    const redis = await ctx.step('check-redis', ({ signal }) => probeRedis(this.redis, { ...probe, signal }));
    ctx.progress(35, 'Redis checked');
    const database = await ctx.step('check-database', ({ signal }) => this.database.measure({ ...probe, signal }));
    ctx.progress(50, 'Database checked');
    const chroma = await ctx.step('check-chroma', ({ signal }) => probeChroma(this.chromaUrl, { ...probe, signal }));
    ctx.progress(60, 'Chroma checked');
    const queues = await ctx.step('check-queues', ({ signal }) =>
      probeQueues(this.catalogue.queues(), (name) => this.queues.get(name), { ...probe, signal }),
    );
    ctx.progress(75, 'Queues checked');
    const directories = await ctx.step('check-directories', ({ signal }) =>
      probeDirectories(this.config.healthDirectories, { ...probe, signal }),
    );
    ctx.progress(90, 'Directories checked');

    const measurements: HealthMeasurements = { system, redis, database, chroma, queues, directories };
    const { score, status, findings } = scoreHealth(measurements);
    const alert = score < params.alert_threshold;
    const metrics = healthMetrics(measurements, params.detailed);
    const checkedAt = new Date().toISOString();

    for (const finding of findings.filter((candidate) => !candidate.ok)) {
      ctx.log.warn(`${finding.check}: ${finding.message} (−${finding.deduction})`);
    }
    const summary = `Health score ${score}/100 (${status})`;
    if (alert) {
      // The alert itself is sent by the rule `health-below-threshold`, which reads this run's result from the
      // database (with cooldown and a resolved message): no notification from inside the worker.
      ctx.log.error(`ALERT: ${summary} is under the alert threshold ${params.alert_threshold}`);
    } else {
      ctx.log.info(`${summary}, alert threshold ${params.alert_threshold}`);
    }

    const reportId = await ctx.report('json', 'health-report', {
      score,
      status,
      alert,
      alert_threshold: params.alert_threshold,
      checked_at: checkedAt,
      findings,
      metrics,
      deductions: HEALTH_DEDUCTIONS,
    });
    ctx.progress(100, summary);

    return {
      score,
      status,
      alert,
      alert_threshold: params.alert_threshold,
      findings,
      metrics,
      report_id: reportId,
      checked_at: checkedAt,
    };
  }
}

/**
 * RelaisConfig has no Chroma URL yet: until it gains a `chromaUrl` field Chroma reads as not configured. Reading
 * the field by name (rather than process.env) keeps the environment validated in one place.
 */
function chromaUrlOf(config: RelaisConfig): string | undefined {
  const candidate: unknown = 'chromaUrl' in config ? config.chromaUrl : undefined;
  return typeof candidate === 'string' && candidate !== '' ? candidate : undefined;
}
