import { Inject, Injectable } from '@nestjs/common';
import type { AnyDomain } from '@relais/domain-kit';
import { ANALYTICS_REPORT_FLOW, AnalyticsReportParams, type AnalyticsResult } from '@relais/domains/ops/contracts';
import { changeOf, domainReports, periodWindow, totalsOf } from '@relais/domains/ops/monitoring/analytics';
import { analyticsMarkdown } from '@relais/domains/ops/monitoring/monitoring-markdown';
import { RunStatisticsRepository } from '@relais/domains/ops/persistence/run-statistics.repository';
import type { FlowHandler, RunContext } from '@relais/engine';
import { INSTALLED_DOMAINS } from './installed-domains';
import { MonitoringProbes } from './monitoring-probes';

/** Results read for the domains' summed figures, per period (the newest when there are more). */
const RESULTS_CAP = 20_000;

/**
 * `ops.analytics-report {period}` (08:00 daily, Monday 09:00, the 1st at 10:00): runs per flow and state, success
 * rates, p50/p95 durations, each installed domain's figures (what it declares, read from its runs), system
 * metrics, and the change against the previous period. JSON and Markdown; the Markdown is what gets notified.
 */
@Injectable()
export class AnalyticsReportFlow implements FlowHandler<typeof ANALYTICS_REPORT_FLOW> {
  readonly contract = ANALYTICS_REPORT_FLOW;

  constructor(
    @Inject(MonitoringProbes) private readonly probes: MonitoringProbes,
    @Inject(RunStatisticsRepository) private readonly statistics: RunStatisticsRepository,
    @Inject(INSTALLED_DOMAINS) private readonly domains: readonly AnyDomain[],
  ) {}

  async run(ctx: RunContext<AnalyticsReportParams>): Promise<AnalyticsResult> {
    const params = Object.assign(new AnalyticsReportParams(), ctx.params);
    const now = await ctx.step('clock', () => Date.now());
    const { from, to, previousFrom } = periodWindow(params.period, now);
    const flows = await ctx.step('read-period', () => this.probes.flows(from, to));
    const previous = await ctx.step('read-previous-period', () => this.probes.flows(previousFrom, from));
    ctx.progress(40, 'Runs read');
    const domains = await ctx.step('read-domain-figures', async () => {
      const summed = this.domains.flatMap((domain) =>
        (domain.figures ?? []).flatMap((figure) => ('sum' in figure ? [figure.flow] : [])),
      );
      const [counts, results] = await Promise.all([
        this.statistics.countsByFlowAndState(from, to),
        this.statistics.completedResults([...new Set(summed)], from, to, RESULTS_CAP),
      ]);
      return domainReports(this.domains, counts, results);
    });
    ctx.progress(70, 'Domain figures read');
    const system = await ctx.step('measure-system', ({ signal }) => this.probes.system(signal));

    const totals = totalsOf(flows);
    const change = changeOf(totals, totalsOf(previous));
    const report = {
      period: params.period,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      totals,
      previous_totals: totalsOf(previous),
      change,
      flows,
      domains,
      system,
    };
    const reportId = await ctx.report('json', 'analytics-report', report);
    const summaryId = await ctx.report('markdown', 'analytics-summary', analyticsMarkdown(report));
    ctx.progress(100, `${params.period} report: ${totals.runs} runs`);
    return {
      period: params.period,
      from: report.from,
      to: report.to,
      runs: totals.runs,
      success_rate: totals.success_rate,
      report_id: reportId,
      summary_id: summaryId,
    };
  }
}
