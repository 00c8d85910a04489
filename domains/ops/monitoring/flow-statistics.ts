import type { RunCount, RunTiming } from '../persistence/run-statistics.repository';

/** One flow's runs over a period. */
export interface FlowStatistics {
  flow: string;
  runs: number;
  by_state: Partial<Record<string, number>>;
  /** COMPLETED ÷ runs that ended (COMPLETED, FAILED, CRASHED); null when none ended. */
  success_rate: number | null;
  /** (FAILED + CRASHED) ÷ runs that ended; null when none ended. */
  failure_rate: number | null;
  /** Of COMPLETED runs: run time (started → ended) and queue wait (created → started), in ms. */
  duration_p50_ms: number | null;
  duration_p95_ms: number | null;
  wait_p50_ms: number | null;
  wait_p95_ms: number | null;
}

const ENDED = ['COMPLETED', 'FAILED', 'CRASHED'];

/** The nearest-rank percentile `p` (0–100) of `values`; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Per-flow figures from the period's counts and completed timings, flows in name order. */
export function flowStatistics(counts: readonly RunCount[], timings: readonly RunTiming[]): FlowStatistics[] {
  const flows = [...new Set([...counts.map((count) => count.flow), ...timings.map((timing) => timing.flow)])].sort();
  return flows.map((flow) => {
    const byState: Partial<Record<string, number>> = {};
    for (const count of counts.filter((candidate) => candidate.flow === flow)) byState[count.state] = count.runs;
    const ended = ENDED.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
    const failed = (byState.FAILED ?? 0) + (byState.CRASHED ?? 0);
    const own = timings.filter((timing) => timing.flow === flow);
    const durations = own.map((timing) => timing.endedAt - timing.startedAt);
    const waits = own.map((timing) => Math.max(0, timing.startedAt - timing.createdAt));
    return {
      flow,
      runs: Object.values(byState).reduce<number>((sum, runs) => sum + (runs ?? 0), 0),
      by_state: byState,
      success_rate: ended > 0 ? rounded((byState.COMPLETED ?? 0) / ended) : null,
      failure_rate: ended > 0 ? rounded(failed / ended) : null,
      duration_p50_ms: percentile(durations, 50),
      duration_p95_ms: percentile(durations, 95),
      wait_p50_ms: percentile(waits, 50),
      wait_p95_ms: percentile(waits, 95),
    };
  });
}

function rounded(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
