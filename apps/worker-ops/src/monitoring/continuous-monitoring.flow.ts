import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CONTINUOUS_MONITORING_FLOW,
  ContinuousMonitoringParams,
  type ContinuousMonitoringResult,
} from '@relais/domains/ops/contracts';
import { detectAnomalies, type Anomaly } from '@relais/domains/ops/monitoring/performance-anomalies';
import type { FlowHandler, RunContext } from '@relais/engine';
import { NotificationPublisher } from '@relais/notifications';
import { isUniqueViolation } from '@relais/persistence';
import { MonitoringProbes } from './monitoring-probes';

const MINUTE = 60_000;

/** One sample of the watch. */
interface Sample {
  at: string;
  score: number;
  anomalies: Anomaly[];
  cpu_percent: number | null;
  memory_percent: number;
  queue_waiting: number;
}

/**
 * `ops.continuous-monitoring {duration_minutes, interval_minutes}` (manual): samples the host and the queues every
 * interval for the duration, with progress, and sends an alert as soon as a sample has anomalies (the run is
 * still RUNNING, so the rules that read ended runs could not). Its timeout is longer than the longest duration.
 */
@Injectable()
export class ContinuousMonitoringFlow implements FlowHandler<typeof CONTINUOUS_MONITORING_FLOW> {
  readonly contract = CONTINUOUS_MONITORING_FLOW;

  constructor(
    @Inject(MonitoringProbes) private readonly probes: MonitoringProbes,
    @Inject(NotificationPublisher) private readonly publisher: NotificationPublisher,
  ) {}

  async run(ctx: RunContext<ContinuousMonitoringParams>): Promise<ContinuousMonitoringResult> {
    const params = Object.assign(new ContinuousMonitoringParams(), ctx.params);
    const count = Math.floor(params.duration_minutes / params.interval_minutes) + 1;
    const samples: Sample[] = [];
    for (let index = 0; index < count; index += 1) {
      const sample = await ctx.step('sample', ({ signal }) => this.sample(ctx, index, signal));
      samples.push(sample);
      ctx.progress(Math.round(((index + 1) / count) * 100), `Sample ${index + 1}/${count}: score ${sample.score}`);
      if (index < count - 1) await sleep(params.interval_minutes * MINUTE, undefined, { signal: ctx.signal });
    }
    const alerts = samples.filter((sample) => sample.anomalies.length > 0).length;
    const worst = Math.min(...samples.map((sample) => sample.score));
    const reportId = await ctx.report('json', 'continuous-monitoring-report', { ...params, samples });
    return { samples: samples.length, alerts, worst_score: worst, report_id: reportId };
  }

  private async sample(ctx: RunContext, index: number, signal: AbortSignal): Promise<Sample> {
    const system = await this.probes.system(signal);
    const queues = await this.probes.queueDepths(signal);
    const { anomalies, score } = detectAnomalies({ ...system, queues, flows: [] }, {});
    const sample: Sample = {
      at: new Date().toISOString(),
      score,
      anomalies,
      cpu_percent: system.cpu_percent,
      memory_percent: system.memory_percent,
      queue_waiting: queues.reduce((sum, queue) => sum + queue.waiting, 0),
    };
    if (anomalies.length > 0) {
      ctx.log.error(`Sample ${index + 1}: ${anomalies.map((anomaly) => anomaly.message).join('; ')}`);
      await this.alert(ctx.runId, index, sample);
    }
    return sample;
  }

  private async alert(runId: string, index: number, sample: Sample): Promise<void> {
    try {
      await this.publisher.publish({
        event: 'monitoring.anomaly',
        title: `Continuous monitoring: ${sample.anomalies.map((anomaly) => anomaly.subject).join(', ')} (score ${sample.score})`,
        message: sample.anomalies.map((anomaly) => `- ${anomaly.message} (${anomaly.rule})`).join('\n'),
        severity: sample.score < 60 ? 'critical' : 'warning',
        isAlert: true,
        data: { run_id: runId, sample: index + 1, score: sample.score, anomalies: sample.anomalies },
        // One alert per sample, even if this step runs again after a crash.
        dedupeKey: `continuous-monitoring:${runId}:${index}`,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
