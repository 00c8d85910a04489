/** One way a health check loses points. */
export interface HealthDeduction {
  /** What is measured and when it costs points, in words a README can quote. */
  readonly rule: string;
  /** The limit a measurement must exceed (strictly) to cost points; null for up/down checks. */
  readonly threshold: number | null;
  readonly unit: '%' | 'jobs' | null;
  /** Points lost each time the rule fires (once per queue or directory for the per-item rules). */
  readonly points: number;
  /** Most points the rule costs in total, however many queues or directories it fires for; null when it fires once. */
  readonly cap: number | null;
  /** Fewer finished jobs than this and a queue's failure rate is not judged (one failure out of two is noise). */
  readonly minimumSample?: number;
}

/**
 * Every deduction of `ops.health-check`, in one table. A score starts at 100, loses the points of every rule
 * that fires and is clamped to 0. A probe that cannot measure (as opposed to a dependency that is down) yields a
 * failed finding worth 0 points, so that one broken measurement does not page anyone on its own.
 */
export const HEALTH_DEDUCTIONS = {
  cpu: {
    rule: 'CPU usage across all cores, sampled twice 250 ms apart, above the threshold',
    threshold: 80,
    unit: '%',
    points: 20,
    cap: null,
  },
  memory: {
    rule: 'Memory in use (MemTotal − MemAvailable) above the threshold',
    threshold: 85,
    unit: '%',
    points: 20,
    cap: null,
  },
  disk: {
    rule: 'Space in use on the filesystem holding the data directory above the threshold',
    threshold: 90,
    unit: '%',
    points: 30,
    cap: null,
  },
  database: {
    rule: 'Database does not answer SELECT 1 within the probe timeout',
    threshold: null,
    unit: null,
    points: 25,
    cap: null,
  },
  redis: {
    rule: 'Redis does not answer PING within the probe timeout',
    threshold: null,
    unit: null,
    points: 25,
    cap: null,
  },
  chroma: {
    rule: 'Chroma is configured and its heartbeat fails or times out (not configured: not checked, 0 points)',
    threshold: null,
    unit: null,
    points: 25,
    cap: null,
  },
  queueBacklog: {
    rule: 'Per flow queue: waiting + prioritized + delayed jobs above the threshold',
    threshold: 1000,
    unit: 'jobs',
    points: 10,
    cap: 20,
  },
  queueFailureRate: {
    rule: 'Per flow queue: failed / (completed + failed) over the jobs Redis retains above the threshold',
    threshold: 20,
    unit: '%',
    points: 10,
    cap: 20,
    minimumSample: 10,
  },
  directory: {
    rule: 'Per configured directory: missing, not a directory, or a probe file cannot be written and deleted',
    threshold: null,
    unit: null,
    points: 10,
    cap: 20,
  },
} as const satisfies Record<string, HealthDeduction>;

export type HealthRule = keyof typeof HEALTH_DEDUCTIONS;

/** Lowest score of each status; below `degraded` the status is `failing`. */
export const HEALTH_STATUS_FLOORS = { healthy: 80, degraded: 60 } as const;

/** The limits `scoreHealth` compares measurements against; a caller may tighten or loosen them. */
export interface HealthThresholds {
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number;
  queueBacklog: number;
  queueFailurePercent: number;
  queueFailureMinimumSample: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = {
  cpuPercent: HEALTH_DEDUCTIONS.cpu.threshold,
  memoryPercent: HEALTH_DEDUCTIONS.memory.threshold,
  diskPercent: HEALTH_DEDUCTIONS.disk.threshold,
  queueBacklog: HEALTH_DEDUCTIONS.queueBacklog.threshold,
  queueFailurePercent: HEALTH_DEDUCTIONS.queueFailureRate.threshold,
  queueFailureMinimumSample: HEALTH_DEDUCTIONS.queueFailureRate.minimumSample,
};
