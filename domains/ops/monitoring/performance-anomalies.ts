import type { FlowStatistics } from './flow-statistics';

/** What performance monitoring measured now, and the history it compares against. */
export interface PerformanceSnapshot {
  cpu_percent: number | null;
  memory_percent: number;
  disk_percent: number | null;
  /** Per queue: jobs waiting (waiting + prioritised + delayed) and the age of the oldest waiting one. */
  queues: { queue: string; waiting: number; oldest_wait_ms: number | null }[];
  flows: FlowStatistics[];
}

/** Per flow, the mean of the p95 durations of earlier reports (the trend's baseline) and how many there were. */
export type DurationHistory = Record<string, { mean_p95_ms: number; reports: number }>;

export interface Anomaly {
  rule: string;
  subject: string;
  message: string;
  points: number;
}

/**
 * The anomaly rules, written down: each says when it fires and what it costs the score (which starts at 100).
 * Slowness needs history (3 earlier reports) and enough runs (5) so that one slow run on a quiet day is not one.
 */
export const PERFORMANCE_RULES = {
  cpu: { threshold: 80, points: 15, rule: 'CPU above 80 %' },
  memory: { threshold: 85, points: 15, rule: 'memory above 85 %' },
  disk: { threshold: 90, points: 25, rule: 'disk above 90 %' },
  backlog: { threshold: 1000, points: 10, rule: 'more than 1000 jobs waiting in a queue' },
  wait: { thresholdMs: 15 * 60_000, points: 10, rule: 'a job waiting for more than 15 minutes' },
  failures: {
    threshold: 0.2,
    minRuns: 10,
    points: 15,
    rule: 'more than 20 % of a flow’s ended runs failed (≥ 10 runs)',
  },
  slowdown: {
    factor: 2,
    minRuns: 5,
    minReports: 3,
    points: 10,
    rule: 'a flow’s p95 duration above twice its mean p95 of earlier reports (≥ 5 runs, ≥ 3 reports)',
  },
} as const;

/** The anomalies of a snapshot against its history, and the score (100 minus their points, at least 0). */
export function detectAnomalies(
  snapshot: PerformanceSnapshot,
  history: DurationHistory,
): { anomalies: Anomaly[]; score: number } {
  const rules = PERFORMANCE_RULES;
  const anomalies: Anomaly[] = [];
  const add = (rule: { rule: string; points: number }, subject: string, message: string): void => {
    anomalies.push({ rule: rule.rule, subject, message, points: rule.points });
  };
  if ((snapshot.cpu_percent ?? 0) > rules.cpu.threshold) add(rules.cpu, 'cpu', `CPU at ${snapshot.cpu_percent} %`);
  if (snapshot.memory_percent > rules.memory.threshold)
    add(rules.memory, 'memory', `memory at ${snapshot.memory_percent} %`);
  if ((snapshot.disk_percent ?? 0) > rules.disk.threshold)
    add(rules.disk, 'disk', `disk at ${snapshot.disk_percent} %`);
  for (const queue of snapshot.queues) {
    if (queue.waiting > rules.backlog.threshold) add(rules.backlog, queue.queue, `${queue.waiting} jobs waiting`);
    if ((queue.oldest_wait_ms ?? 0) > rules.wait.thresholdMs) {
      add(rules.wait, queue.queue, `oldest job waiting for ${Math.round((queue.oldest_wait_ms ?? 0) / 60_000)} min`);
    }
  }
  for (const flow of snapshot.flows) {
    const ended = (flow.by_state.COMPLETED ?? 0) + (flow.by_state.FAILED ?? 0) + (flow.by_state.CRASHED ?? 0);
    if (ended >= rules.failures.minRuns && (flow.failure_rate ?? 0) > rules.failures.threshold) {
      add(rules.failures, flow.flow, `${Math.round((flow.failure_rate ?? 0) * 100)} % of ${ended} runs failed`);
    }
    const baseline = history[flow.flow] as DurationHistory[string] | undefined;
    const completed = flow.by_state.COMPLETED ?? 0;
    if (
      baseline &&
      baseline.reports >= rules.slowdown.minReports &&
      completed >= rules.slowdown.minRuns &&
      flow.duration_p95_ms !== null &&
      flow.duration_p95_ms > rules.slowdown.factor * baseline.mean_p95_ms
    ) {
      add(
        rules.slowdown,
        flow.flow,
        `p95 ${flow.duration_p95_ms} ms against ${Math.round(baseline.mean_p95_ms)} ms before`,
      );
    }
  }
  const score = Math.max(0, 100 - anomalies.reduce((sum, anomaly) => sum + anomaly.points, 0));
  return { anomalies, score };
}
