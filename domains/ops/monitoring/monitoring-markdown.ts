import type { DomainReport, PeriodTotals } from './analytics';
import type { FlowStatistics } from './flow-statistics';
import type { Anomaly, PerformanceSnapshot } from './performance-anomalies';

const cell = (value: number | string | null): string => (value === null ? '—' : String(value).replace(/\|/g, '\\|'));
const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);
const ms = (value: number | null): string =>
  value === null ? '—' : value < 1000 ? `${value} ms` : `${Math.round(value / 100) / 10} s`;

/** The per-flow table both reports share. */
function flowTable(flows: readonly FlowStatistics[]): string[] {
  if (flows.length === 0) return ['No runs in this period.'];
  return [
    '| Flow | Runs | Completed | Failed | Success | p50 | p95 | Wait p95 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...flows.map(
      (flow) =>
        `| ${flow.flow} | ${flow.runs} | ${flow.by_state.COMPLETED ?? 0} | ${(flow.by_state.FAILED ?? 0) + (flow.by_state.CRASHED ?? 0)} | ` +
        `${percent(flow.success_rate)} | ${ms(flow.duration_p50_ms)} | ${ms(flow.duration_p95_ms)} | ${ms(flow.wait_p95_ms)} |`,
    ),
  ];
}

/** The Markdown of `ops.performance-monitoring`. */
export function performanceMarkdown(
  snapshot: PerformanceSnapshot,
  anomalies: readonly Anomaly[],
  score: number,
  at: string,
  windowHours: number,
): string {
  return [
    `# Performance: score ${score}/100`,
    '',
    `${at}; runs of the last ${windowHours} h. CPU ${cell(snapshot.cpu_percent)} %, memory ${snapshot.memory_percent} %, disk ${cell(snapshot.disk_percent)} %.`,
    '',
    '## Anomalies',
    '',
    ...(anomalies.length === 0
      ? ['None.']
      : anomalies.map(
          (anomaly) => `- **${anomaly.subject}**: ${anomaly.message} (${anomaly.rule}; −${anomaly.points})`,
        )),
    '',
    '## Queues',
    '',
    '| Queue | Waiting | Oldest wait |',
    '| --- | ---: | ---: |',
    ...snapshot.queues.map((queue) => `| ${queue.queue} | ${queue.waiting} | ${ms(queue.oldest_wait_ms)} |`),
    '',
    '## Flows',
    '',
    ...flowTable(snapshot.flows),
    '',
  ].join('\n');
}

/** The Markdown of `ops.analytics-report`. */
export function analyticsMarkdown(report: {
  period: string;
  from: string;
  to: string;
  totals: PeriodTotals;
  change: Record<string, number | null>;
  flows: readonly FlowStatistics[];
  domains: readonly DomainReport[];
  system: Record<string, number | null>;
}): string {
  const change = (value: number | null, unit: string): string =>
    value === null ? 'no earlier figure' : `${value > 0 ? '+' : ''}${value}${unit}`;
  return [
    `# Analytics: ${report.period} report`,
    '',
    `${report.from} → ${report.to}`,
    '',
    `- Runs: **${report.totals.runs}** (${change(report.change.runs_percent, ' %')} against the previous period)`,
    `- Completed: ${report.totals.completed}, failed or crashed: ${report.totals.failed}`,
    `- Success rate: **${percent(report.totals.success_rate)}** (${change(report.change.success_rate_points, ' points')})`,
    '',
    '## Domains',
    '',
    ...report.domains.flatMap((domain) => [
      `- **${domain.domain}**: ${domain.runs} runs, ${domain.completed} completed` +
        Object.values(domain.figures)
          .map((figure) => `; ${figure.label}: ${figure.value}`)
          .join(''),
    ]),
    '',
    '## Flows',
    '',
    ...flowTable(report.flows),
    '',
    '## System',
    '',
    ...Object.entries(report.system).map(([name, value]) => `- ${name}: ${cell(value)}`),
    '',
  ].join('\n');
}
