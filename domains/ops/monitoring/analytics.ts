import type { AnyDomain } from '@relais/domain-kit';
import type { AnalyticsPeriod } from '../contracts/monitoring.contract';
import type { RunCount } from '../persistence/run-statistics.repository';
import type { FlowStatistics } from './flow-statistics';

const DAY = 24 * 60 * 60 * 1000;

/** Days in each period: rolling windows ending when the report runs (a monthly report covers 30 days). */
export const PERIOD_DAYS: Record<AnalyticsPeriod, number> = { daily: 1, weekly: 7, monthly: 30 };

/** The period [from, to) ending at `now`, and the one before it (the comparison's). */
export function periodWindow(period: AnalyticsPeriod, now: number): { from: number; to: number; previousFrom: number } {
  const length = PERIOD_DAYS[period] * DAY;
  return { from: now - length, to: now, previousFrom: now - 2 * length };
}

/** A domain's figures over the period. */
export interface DomainReport {
  domain: string;
  /** Runs of the domain's flows created in the period, and how many COMPLETED. */
  runs: number;
  completed: number;
  /** The figures the domain declares (`figures` in its declaration), by key. */
  figures: Record<string, { label: string; value: number }>;
}

/**
 * Each installed domain's figures: its runs, and what it declares (completed runs of a flow, or the sum of a
 * numeric result field). Only the domains the platform runs appear; nothing is imported from any of them.
 */
export function domainReports(
  domains: readonly Pick<AnyDomain, 'name' | 'flows' | 'figures'>[],
  counts: readonly RunCount[],
  results: readonly { flow: string; result: unknown }[],
): DomainReport[] {
  return domains.map((domain) => {
    const flows = new Set(domain.flows.map((flow) => flow.name));
    const own = counts.filter((count) => flows.has(count.flow));
    const completedOf = (flow: string): number =>
      own.filter((count) => count.flow === flow && count.state === 'COMPLETED').reduce((sum, c) => sum + c.runs, 0);
    const figures: DomainReport['figures'] = {};
    for (const figure of domain.figures ?? []) {
      const value =
        'count' in figure
          ? completedOf(figure.flow)
          : results
              .filter((entry) => entry.flow === figure.flow)
              .reduce((sum, entry) => sum + numberAt(entry.result, figure.sum), 0);
      figures[figure.key] = { label: figure.label, value };
    }
    return {
      domain: domain.name,
      runs: own.reduce((sum, count) => sum + count.runs, 0),
      completed: own.filter((count) => count.state === 'COMPLETED').reduce((sum, count) => sum + count.runs, 0),
      figures,
    };
  });
}

/** Totals of a period, and their change against the previous one. */
export interface PeriodTotals {
  runs: number;
  completed: number;
  failed: number;
  success_rate: number | null;
}

export function totalsOf(flows: readonly FlowStatistics[]): PeriodTotals {
  const completed = flows.reduce((sum, flow) => sum + (flow.by_state.COMPLETED ?? 0), 0);
  const failed = flows.reduce((sum, flow) => sum + (flow.by_state.FAILED ?? 0) + (flow.by_state.CRASHED ?? 0), 0);
  return {
    runs: flows.reduce((sum, flow) => sum + flow.runs, 0),
    completed,
    failed,
    success_rate: completed + failed > 0 ? Math.round((completed / (completed + failed)) * 10_000) / 10_000 : null,
  };
}

/** Relative change in percent (null from zero); `null` success rates compare as unknown. */
export function changeOf(current: PeriodTotals, previous: PeriodTotals): Record<string, number | null> {
  const relative = (now: number, before: number): number | null =>
    before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10;
  return {
    runs_percent: relative(current.runs, previous.runs),
    completed_percent: relative(current.completed, previous.completed),
    failed_percent: relative(current.failed, previous.failed),
    success_rate_points:
      current.success_rate === null || previous.success_rate === null
        ? null
        : Math.round((current.success_rate - previous.success_rate) * 1000) / 10,
  };
}

function numberAt(result: unknown, field: string): number {
  if (typeof result !== 'object' || result === null) return 0;
  const value = (result as Record<string, unknown>)[field];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return Array.isArray(value) ? value.length : 0;
}
