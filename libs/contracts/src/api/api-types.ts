import type { RetryPolicy } from '../flow-contract';
import type { ArtifactKind, LogLevel, RunState } from '../run-state';

/**
 * The JSON shapes of the generic REST API (`/api/...`), shared by the gateway that produces them and the CLI and
 * dashboard that read them. Times are ISO-8601 strings; durations are milliseconds.
 */

/** Every error response: `fields` names each bad field of a 400 with what it expects. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  fields?: Record<string, string[]>;
}

/** One page of a keyset-paginated list: pass `nextCursor` back as `cursor` for the next page (null: last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FlowSummary {
  name: string;
  queue: string;
  description: string;
  /** JSON Schema (draft 2020-12 subset) of the parameters, generated from the flow's DTO. */
  parametersSchema: Record<string, unknown>;
  retry: RetryPolicy;
  timeoutMs: number;
  concurrencyLimit: number | null;
}

/**
 * Body of `POST /api/flows/{name}/runs`. `idempotencyKey` is scoped to the flow: a second request for the same
 * flow with the same key answers 200 with the run the first one started (its parameters are not compared).
 */
export interface StartRunRequest {
  parameters?: Record<string, unknown>;
  idempotencyKey?: string;
}

/** Body of `POST /api/deployments/{name}/run`: `parameters` are merged over the deployment's own. */
export interface RunDeploymentRequest {
  parameters?: Record<string, unknown>;
}

export interface RunSummary {
  id: string;
  flowName: string;
  queue: string;
  state: RunState;
  deploymentName: string | null;
  parentRunId: string | null;
  triggeredBy: string;
  attempts: number;
  maxAttempts: number;
  progress: number;
  progressMessage: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** From start to end, or to now while running; null before it starts. */
  durationMs: number | null;
}

export interface StepSummary {
  /** `name#n` for the n-th use of a step name within the run. */
  key: string;
  name: string;
  state: string;
  /** The run attempt that last ran this step. */
  attempt: number;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
}

export interface ArtifactSummary {
  id: string;
  kind: ArtifactKind;
  /** What the report is (`health-report`…); a series of reports shares a key. */
  key: string;
  createdAt: string;
}

export interface RunDetail extends RunSummary {
  parameters: Record<string, unknown>;
  result: unknown;
  steps: StepSummary[];
  children: RunSummary[];
  artifacts: ArtifactSummary[];
}

export interface LogLine {
  id: number;
  level: LogLevel;
  message: string;
  step: string | null;
  at: string;
}

/** Log lines after `after` (an id), oldest first; `nextAfter` is the id to pass next (null when none came). */
export interface LogPage {
  items: LogLine[];
  nextAfter: number | null;
  /** True once the run has ended and every line has been returned. */
  complete: boolean;
}

export interface DeploymentSummary {
  name: string;
  flowName: string;
  description: string;
  parameters: Record<string, unknown>;
  schedule: { cron: string; timezone: string } | { everyMs: number } | null;
  paused: boolean;
  tags: string[];
  /** False once the deployment has left the code catalogue: kept for its history, never scheduled. */
  inCatalogue: boolean;
  lastRunId: string | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
}

export interface FlowStats {
  flowName: string;
  total: number;
  byState: Partial<Record<RunState, number>>;
  /** Completed ÷ finished (completed, failed, crashed; cancelled runs are left out); null when none finished. */
  successRate: number | null;
  /** Mean of the completed runs' durations (start to end); null when none completed. */
  meanDurationMs: number | null;
  /** 95th percentile (nearest rank) of the completed runs' durations. */
  p95DurationMs: number | null;
}

/** `GET /api/stats`: the runs created in [from, to), all flows together and per flow. */
export interface RunStats {
  from: string;
  to: string;
  total: number;
  byState: Partial<Record<RunState, number>>;
  successRate: number | null;
  meanDurationMs: number | null;
  p95DurationMs: number | null;
  flows: FlowStats[];
}

export interface Report {
  id: string;
  runId: string;
  kind: ArtifactKind;
  key: string;
  /** JSON reports are parsed; Markdown and text are strings. */
  content: unknown;
  createdAt: string;
}

/** One dependency's verdict in the health report (terminus' format). */
export interface HealthIndicatorState {
  status: 'up' | 'down';
  message?: string;
}

/** `GET /api/health`, also the body of its 503: one boolean per dependency plus terminus' detail. */
export interface HealthReport {
  status: 'ok' | 'error';
  redis: boolean;
  database: boolean;
  details: Record<string, HealthIndicatorState>;
}

export type TokenRole = 'viewer' | 'operator' | 'admin';

export interface TokenSummary {
  id: string;
  name: string;
  role: TokenRole;
  /** The first characters of the token, to recognise it; the token itself is only shown at creation. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The one response that carries a token in clear: keep it, it is not shown again. */
export interface CreatedToken extends TokenSummary {
  token: string;
}
