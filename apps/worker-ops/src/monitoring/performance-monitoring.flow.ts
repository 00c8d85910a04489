import { Inject, Injectable } from '@nestjs/common';
import {
  PERFORMANCE_MONITORING_FLOW,
  PerformanceMonitoringParams,
  type PerformanceResult,
} from '@relais/domains/ops/contracts';
import { performanceMarkdown } from '@relais/domains/ops/monitoring/monitoring-markdown';
import { detectAnomalies, PERFORMANCE_RULES } from '@relais/domains/ops/monitoring/performance-anomalies';
import type { FlowHandler, RunContext } from '@relais/engine';
import { MonitoringProbes, PERFORMANCE_REPORT_KEY } from './monitoring-probes';

const HOUR = 60 * 60 * 1000;
/** Earlier reports the trend is computed against (with the 6-hourly deployment: the last 6 days). */
const HISTORY_REPORTS = 24;

/**
 * `ops.performance-monitoring`: the host, the queues and the runs of the window, compared with the earlier
 * reports of the series (PERFORMANCE_REPORT_KEY); anomalies by PERFORMANCE_RULES and a score. The JSON report is
 * the next run's history; the Markdown summary is what the `report-produced` rule sends.
 */
@Injectable()
export class PerformanceMonitoringFlow implements FlowHandler<typeof PERFORMANCE_MONITORING_FLOW> {
  readonly contract = PERFORMANCE_MONITORING_FLOW;

  constructor(@Inject(MonitoringProbes) private readonly probes: MonitoringProbes) {}

  async run(ctx: RunContext<PerformanceMonitoringParams>): Promise<PerformanceResult> {
    const params = Object.assign(new PerformanceMonitoringParams(), ctx.params);
    const now = await ctx.step('clock', () => Date.now());
    const system = await ctx.step('measure-system', ({ signal }) => this.probes.system(signal));
    ctx.progress(25, 'System measured');
    const queues = await ctx.step('measure-queues', ({ signal }) => this.probes.queueDepths(signal, now));
    ctx.progress(50, 'Queues measured');
    const flows = await ctx.step('read-runs', () => this.probes.flows(now - params.window_hours * HOUR, now));
    ctx.progress(70, 'Runs read');
    const history = await ctx.step('read-history', () => this.probes.durationHistory(now, HISTORY_REPORTS));
    ctx.progress(85, 'History read');

    const snapshot = { ...system, queues, flows };
    const { anomalies, score } = detectAnomalies(snapshot, history);
    for (const anomaly of anomalies) ctx.log.warn(`Anomaly: ${anomaly.subject}: ${anomaly.message}`);
    const at = new Date(now).toISOString();
    const reportId = await ctx.report('json', PERFORMANCE_REPORT_KEY, {
      at,
      window_hours: params.window_hours,
      score,
      anomalies,
      ...snapshot,
      history,
      rules: PERFORMANCE_RULES,
    });
    const summaryId = await ctx.report(
      'markdown',
      'performance-summary',
      performanceMarkdown(snapshot, anomalies, score, at, params.window_hours),
    );
    ctx.progress(100, `Performance score ${score}/100, ${anomalies.length} anomalies`);
    return { score, anomalies, report_id: reportId, summary_id: summaryId };
  }
}
