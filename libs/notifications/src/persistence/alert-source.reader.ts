import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunState } from '@relais/contracts';

/** A position in an event source: (time, id), compared in that order. */
export interface SourcePosition {
  at: number;
  id: string;
}

/** A run that reached COMPLETED, FAILED or CRASHED (only the columns the rules read). */
export interface EndedRun {
  id: string;
  flowName: string;
  state: RunState;
  deploymentName: string | null;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
}

export interface RunningRun {
  id: string;
  flowName: string;
  deploymentName: string | null;
  startedAt: number;
}

export interface ProducedReport {
  id: string;
  runId: string;
  kind: string;
  key: string;
  createdAt: number;
}

export interface DeploymentFacts {
  flowName: string;
  tags: string[];
  paused: boolean;
}

const ENDED_STATES = [RunState.COMPLETED, RunState.FAILED, RunState.CRASHED];

/**
 * The reads the alert evaluator makes on the platform's tables, each along an index (never a scan of every
 * run): ended runs by (state, updated_at, id), running runs by state, the last completed run of a flow by
 * (flow_name, state, created_at), reports by (created_at, id). Row values are normalised to numbers because
 * mysql2 may return BIGINT as strings.
 */
@Injectable()
export class AlertSourceReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs that ended after `position` in (updated_at, id) order, at most `limit`. */
  async endedRunsAfter(position: SourcePosition, limit: number): Promise<EndedRun[]> {
    // The leading `updated_at >= ?` is a range on the index; the OR alone would make the planner filter.
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, flow_name, state, deployment_name, attempts, max_attempts, error, started_at, ended_at, updated_at
       FROM flow_runs
       WHERE state IN (?, ?, ?) AND updated_at >= ? AND (updated_at > ? OR id > ?)
       ORDER BY updated_at, id
       LIMIT ${Math.trunc(limit)}`,
      [...ENDED_STATES, position.at, position.at, position.id],
    );
    return rows.map((row) => ({
      id: String(row.id),
      flowName: String(row.flow_name),
      state: row.state as RunState,
      deploymentName: nullableString(row.deployment_name),
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      error: nullableString(row.error),
      startedAt: nullableNumber(row.started_at),
      endedAt: nullableNumber(row.ended_at),
      updatedAt: Number(row.updated_at),
    }));
  }

  /** The stored results of these runs (JSON), by id. */
  async runResults(ids: readonly string[]): Promise<Map<string, unknown>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; result: string | null }[]>(
      `SELECT id, result FROM flow_runs WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [...ids],
    );
    return new Map(rows.map((row) => [row.id, parseJson(row.result)]));
  }

  /** Runs in RUNNING started before `startedBefore`, oldest first, at most `limit`. */
  async runningSince(startedBefore: number, limit: number): Promise<RunningRun[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, flow_name, deployment_name, started_at FROM flow_runs
       WHERE state = ? AND started_at < ?
       ORDER BY started_at
       LIMIT ${Math.trunc(limit)}`,
      [RunState.RUNNING, startedBefore],
    );
    return rows.map((row) => ({
      id: String(row.id),
      flowName: String(row.flow_name),
      deploymentName: nullableString(row.deployment_name),
      startedAt: Number(row.started_at),
    }));
  }

  /** Current state and end of these runs, by id (a run deleted by retention is absent). */
  async runStates(ids: readonly string[]): Promise<Map<string, { state: RunState; endedAt: number | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; state: RunState; ended_at: unknown }[]>(
      `SELECT id, state, ended_at FROM flow_runs WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [...ids],
    );
    return new Map(rows.map((row) => [row.id, { state: row.state, endedAt: nullableNumber(row.ended_at) }]));
  }

  /**
   * When the newest COMPLETED run of each flow was created (null: never). One statement of `MAX` subqueries,
   * each reading one entry of (flow_name, state, created_at) and no row: one round trip for every proactive rule.
   */
  async lastCompletedAt(flows: readonly string[]): Promise<Map<string, number | null>> {
    const last = new Map<string, number | null>();
    for (let i = 0; i < flows.length; i += 100) {
      const chunk = flows.slice(i, i + 100);
      const rows = await this.dataSource.query<{ flow: string; last: unknown }[]>(
        chunk
          .map(
            () => 'SELECT ? AS flow, (SELECT MAX(created_at) FROM flow_runs WHERE flow_name = ? AND state = ?) AS last',
          )
          .join(' UNION ALL '),
        chunk.flatMap((flow) => [flow, flow, RunState.COMPLETED]),
      );
      for (const row of rows) last.set(row.flow, nullableNumber(row.last));
    }
    return last;
  }

  /** Reports created after `position` in (created_at, id) order, without their content. */
  async reportsAfter(position: SourcePosition, limit: number): Promise<ProducedReport[]> {
    const key = this.dataSource.driver.escape('key');
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, run_id, kind, ${key} AS report_key, created_at FROM artifacts
       WHERE created_at >= ? AND (created_at > ? OR id > ?)
       ORDER BY created_at, id
       LIMIT ${Math.trunc(limit)}`,
      [position.at, position.at, position.id],
    );
    return rows.map((row) => ({
      id: String(row.id),
      runId: String(row.run_id),
      kind: String(row.kind),
      key: String(row.report_key),
      createdAt: Number(row.created_at),
    }));
  }

  /** The first `maxChars` characters of these reports' content, by id. */
  async reportExcerpts(ids: readonly string[], maxChars: number): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; excerpt: string }[]>(
      `SELECT id, SUBSTR(content, 1, ${Math.trunc(maxChars)}) AS excerpt FROM artifacts
       WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [...ids],
    );
    return new Map(rows.map((row) => [row.id, row.excerpt]));
  }

  /** Flow and deployment of these runs, by id. */
  async runOrigins(ids: readonly string[]): Promise<Map<string, { flowName: string; deploymentName: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; flow_name: string; deployment_name: unknown }[]>(
      `SELECT id, flow_name, deployment_name FROM flow_runs WHERE id IN (${ids.map(() => '?').join(', ')})`,
      [...ids],
    );
    return new Map(
      rows.map((row) => [row.id, { flowName: row.flow_name, deploymentName: nullableString(row.deployment_name) }]),
    );
  }

  /** Every deployment's flow, tags and paused flag (a short table: the catalogue plus a few). */
  async deployments(): Promise<Map<string, DeploymentFacts>> {
    const rows = await this.dataSource.query<{ name: string; flow_name: string; tags: string; paused: unknown }[]>(
      'SELECT name, flow_name, tags, paused FROM deployments',
    );
    return new Map(
      rows.map((row) => {
        const tags = parseJson(row.tags);
        return [
          row.name,
          {
            flowName: row.flow_name,
            tags: Array.isArray(tags) ? tags.map(String) : [],
            paused: Boolean(Number(row.paused)),
          },
        ];
      }),
    );
  }
}

function nullableString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A hand-edited or truncated value: the rules treat it as absent rather than stopping every alert.
    return null;
  }
}
