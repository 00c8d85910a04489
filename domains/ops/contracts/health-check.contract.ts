import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { OPS_QUEUE } from './ops.queue';

export class HealthCheckParams {
  /** Below this score the run raises an alert. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  alert_threshold: number = 70;

  /** Adds per-process and per-queue detail to the report. */
  @IsOptional()
  @IsBoolean()
  detailed: boolean = false;
}

export type HealthStatus = 'healthy' | 'degraded' | 'failing';

/** One check's verdict: `ok` false costs the score `deduction` points. */
export interface HealthCheckFinding {
  check: string;
  ok: boolean;
  deduction: number;
  message: string;
  value?: number | string | boolean | null;
}

export interface HealthCheckResult {
  score: number;
  status: HealthStatus;
  alert: boolean;
  alert_threshold: number;
  findings: HealthCheckFinding[];
  metrics: Record<string, unknown>;
  report_id: string;
  checked_at: string;
}

export const HEALTH_CHECK_FLOW = defineFlow<HealthCheckParams, HealthCheckResult>({
  name: 'ops.health-check',
  queue: OPS_QUEUE,
  description: 'CPU, memory, disk, Redis, database, queues and directories scored 0–100 with a JSON report',
  params: HealthCheckParams,
  retry: { attempts: 2, backoffMs: 5000 },
  timeoutMs: 2 * 60 * 1000,
  concurrencyLimit: 1,
});
