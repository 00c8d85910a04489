import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { OPS_QUEUE } from './ops.queue';

export class PerformanceMonitoringParams {
  /** The runs looked at: those created in the last `window_hours` (1–168). */
  @IsOptional()
  @IsInt({ message: 'window_hours must be an integer between 1 and 168' })
  @Min(1, { message: 'window_hours must be an integer between 1 and 168' })
  @Max(168, { message: 'window_hours must be an integer between 1 and 168' })
  window_hours: number = 24;
}

export interface PerformanceResult {
  score: number;
  anomalies: { rule: string; subject: string; message: string; points: number }[];
  report_id: string;
  summary_id: string;
}

/** The longest continuous monitoring: a day. Its timeout is this plus a margin. */
export const CONTINUOUS_MONITORING_MAX_MINUTES = 1440;

export class ContinuousMonitoringParams {
  /** How long to watch (0.05–1440 minutes; fractions for short watches). */
  @IsOptional()
  @IsNumber({}, { message: 'duration_minutes must be a number of minutes between 0.05 and 1440' })
  @Min(0.05, { message: 'duration_minutes must be a number of minutes between 0.05 and 1440' })
  @Max(CONTINUOUS_MONITORING_MAX_MINUTES, {
    message: 'duration_minutes must be a number of minutes between 0.05 and 1440',
  })
  duration_minutes: number = 60;

  /** Time between two samples (0.05–60 minutes). */
  @IsOptional()
  @IsNumber({}, { message: 'interval_minutes must be a number of minutes between 0.05 and 60' })
  @Min(0.05, { message: 'interval_minutes must be a number of minutes between 0.05 and 60' })
  @Max(60, { message: 'interval_minutes must be a number of minutes between 0.05 and 60' })
  interval_minutes: number = 5;
}

export interface ContinuousMonitoringResult {
  samples: number;
  alerts: number;
  worst_score: number;
  report_id: string;
}

export const ANALYTICS_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];

export class AnalyticsReportParams {
  @IsOptional()
  @IsIn(ANALYTICS_PERIODS, { message: 'period must be daily, weekly or monthly' })
  period: AnalyticsPeriod = 'daily';
}

export interface AnalyticsResult {
  period: AnalyticsPeriod;
  from: string;
  to: string;
  runs: number;
  success_rate: number | null;
  report_id: string;
  summary_id: string;
}

export const PERFORMANCE_MONITORING_FLOW = defineFlow<PerformanceMonitoringParams, PerformanceResult>({
  name: 'ops.performance-monitoring',
  queue: OPS_QUEUE,
  description: 'Queues, run durations p50/p95, failure rates, system metrics, trend against earlier reports, a score',
  params: PerformanceMonitoringParams,
  retry: { attempts: 2, backoffMs: 10_000 },
  timeoutMs: 10 * 60 * 1000,
  concurrencyLimit: 1,
});

export const CONTINUOUS_MONITORING_FLOW = defineFlow<ContinuousMonitoringParams, ContinuousMonitoringResult>({
  name: 'ops.continuous-monitoring',
  queue: OPS_QUEUE,
  description: 'Samples system and queues every interval for a duration, alerting as it goes',
  params: ContinuousMonitoringParams,
  // Longer than the longest duration it accepts: a watch of a day is not cut short.
  timeoutMs: (CONTINUOUS_MONITORING_MAX_MINUTES + 30) * 60 * 1000,
  concurrencyLimit: 1,
});

export const ANALYTICS_REPORT_FLOW = defineFlow<AnalyticsReportParams, AnalyticsResult>({
  name: 'ops.analytics-report',
  queue: OPS_QUEUE,
  description:
    'Runs per flow and state, success rates, p50/p95 durations, domain figures, change against the previous period',
  params: AnalyticsReportParams,
  retry: { attempts: 2, backoffMs: 30_000 },
  timeoutMs: 30 * 60 * 1000,
  concurrencyLimit: 1,
});
