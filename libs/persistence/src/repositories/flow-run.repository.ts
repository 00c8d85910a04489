import { Injectable } from '@nestjs/common';
import {
  DataSource,
  In,
  IsNull,
  LessThan,
  Not,
  type Repository,
  type SelectQueryBuilder,
  type ValueTransformer,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { RunState, TERMINAL_STATES } from '@relais/contracts';
import { FlowRunEntity } from '../entities';
import { isUniqueViolation } from '../unique-violation';
import { findByColumnIn } from './find-by-column-in';
import { writeInProcess, type Statement } from './in-process-sqlite';

/** A partial update of one run; `onlyIfActive` keeps a late write from reviving a finished run. */
export interface RunUpdate {
  id: string;
  set: Partial<Omit<FlowRunEntity, 'id'>>;
  onlyIfActive: boolean;
}

/** Filters for listing runs, newest first, with keyset pagination on (created_at, id). */
export interface RunListQuery {
  states?: RunState[];
  flowName?: string;
  deploymentName?: string;
  parentRunId?: string;
  /** Text the parameters' JSON contains (LIKE: case-insensitive for ASCII on both databases; no index helps). */
  parametersContain?: string;
  createdAfter?: number;
  createdBefore?: number;
  /** Cursor: the (createdAt, id) of the last run of the previous page. */
  after?: { createdAt: number; id: string };
  limit: number;
}

/** Runs created in [from, to), epoch milliseconds. */
export interface CreatedWindow {
  from: number;
  to: number;
}

export interface FlowStateCount {
  flowName: string;
  state: RunState;
  count: number;
}

/** Durations of completed runs: how many, their mean, and their 95th percentile (nearest rank). */
export interface DurationStats {
  count: number;
  meanMs: number | null;
  p95Ms: number | null;
}

/** Completed-run durations over a window, for every flow together and per flow. */
export interface CompletedDurations {
  overall: DurationStats;
  byFlow: Record<string, DurationStats>;
}

const NO_DURATIONS: DurationStats = { count: 0, meanMs: null, p95Ms: null };

@Injectable()
export class FlowRunRepository {
  private readonly runs: Repository<FlowRunEntity>;

  constructor(dataSource: DataSource) {
    this.runs = dataSource.getRepository(FlowRunEntity);
  }

  /** Inserts a new run; with an idempotency key already used, returns the existing run and `created: false`. */
  async insert(run: FlowRunEntity): Promise<{ run: FlowRunEntity; created: boolean }> {
    try {
      await this.execute(this.insertStatements([run]));
      return { run, created: true };
    } catch (error) {
      if (!isUniqueViolation(error) || !run.idempotencyKey) throw error;
      const existing = await this.runs.findOneBy({ idempotencyKey: run.idempotencyKey });
      if (!existing) throw error;
      return { run: existing, created: false };
    }
  }

  /** Inserts many new runs, all or nothing (bulk launches, benchmarks). */
  async insertMany(runs: FlowRunEntity[]): Promise<void> {
    await this.execute(this.insertStatements(runs));
  }

  findById(id: string): Promise<FlowRunEntity | null> {
    return this.runs.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<FlowRunEntity[]> {
    return findByColumnIn(this.runs, 'id', ids);
  }

  findChildren(parentRunId: string): Promise<FlowRunEntity[]> {
    return this.runs.find({ where: { parentRunId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Applies many updates in one transaction: the write-behind buffer's flush. On MySQL, updates that change the
   * same columns under the same guard become one `UPDATE … SET col = CASE id WHEN … END WHERE id IN (…)`, so a
   * flush costs a statement per kind of change rather than one per run (a round trip each). On SQLite, which runs
   * in this process, there is no round trip to save and the CASE is the cost (each row scans its WHENs, and each
   * batch size is a new statement to prepare): each run gets one single-row UPDATE of the same text, prepared
   * once and reused.
   */
  async applyUpdates(updates: RunUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const groups = new Map<string, RunUpdate[]>();
    for (const update of updates) {
      const set = Object.fromEntries(Object.entries(update.set).filter(([, value]) => value !== undefined));
      if (Object.keys(set).length === 0) continue;
      const key = `${Object.keys(set).sort().join(',')}|${update.onlyIfActive}`;
      const group = groups.get(key);
      if (group) group.push({ ...update, set });
      else groups.set(key, [{ ...update, set }]);
    }
    const statements = [...groups.values()].flatMap((group) => {
      const chunks: Statement[] = [];
      const size = this.onSqlite ? 1 : 200;
      for (let i = 0; i < group.length; i += size) chunks.push(this.caseUpdate(group.slice(i, i + size)));
      return chunks;
    });
    await this.execute(statements);
  }

  /**
   * Plain INSERTs: TypeORM's insert builder re-scans its parameters per value (bulk launches cost more than the
   * runs themselves) and re-reads defaulted columns by position (swapping ids between rows). On MySQL, rows go
   * 1000 to a statement (a round trip each; 1000 × 22 columns stays under its 65 535 placeholders); on SQLite,
   * which runs in this process, one row to a statement of the same text, prepared once: a 1000-row statement
   * costs more to parse and bind than its rows to write.
   */
  private insertStatements(runs: FlowRunEntity[]): Statement[] {
    const columns = this.runs.metadata.columns;
    const quote = (name: string): string => this.runs.manager.dataSource.driver.escape(name);
    const head = `INSERT INTO ${quote(this.runs.metadata.tableName)} (${columns.map((column) => quote(column.databaseName)).join(', ')}) VALUES `;
    const row = `(${columns.map(() => '?').join(', ')})`;
    const statements: Statement[] = [];
    const rowsPerStatement = this.onSqlite ? 1 : 1000;
    for (let i = 0; i < runs.length; i += rowsPerStatement) {
      const chunk = runs.slice(i, i + rowsPerStatement);
      const params = chunk.flatMap((run) =>
        columns.map((column) =>
          toColumnValue(column, (run as unknown as Record<string, unknown>)[column.propertyName]),
        ),
      );
      statements.push([head + chunk.map(() => row).join(', '), params]);
    }
    return statements;
  }

  /** SQLite runs in this process: statements are single-row and go through writeInProcess (see there). */
  private get onSqlite(): boolean {
    return this.runs.manager.dataSource.options.type === 'better-sqlite3';
  }

  /**
   * Runs the statements all or nothing: on SQLite synchronously (writeInProcess) unless a transaction of this
   * process is open on the connection; otherwise through TypeORM, one statement without BEGIN/COMMIT (two MySQL
   * round trips), several in a transaction.
   */
  private async execute(statements: Statement[]): Promise<void> {
    if (statements.length === 0 || writeInProcess(this.runs.manager.dataSource, statements)) return;
    if (statements.length === 1) {
      await this.runs.manager.query(...statements[0]);
      return;
    }
    await this.runs.manager.transaction(async (manager) => {
      for (const statement of statements) await manager.query(...statement);
    });
  }

  /** One UPDATE for runs whose updates set the same columns: a CASE per column, or plain values for one run. */
  private caseUpdate(updates: RunUpdate[]): Statement {
    const driver = this.runs.manager.dataSource.driver;
    const metadata = this.runs.metadata;
    const quote = (name: string): string => driver.escape(name);
    const params: unknown[] = [];
    // The columns in a fixed order: single-row updates of the same kind then share one statement text.
    const properties = Object.keys(updates[0].set).sort();
    const assignments = properties.map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`flow_runs has no column for ${property}`);
      if (updates.length === 1) {
        params.push(toColumnValue(column, (updates[0].set as Record<string, unknown>)[property]));
        return `${quote(column.databaseName)} = ?`;
      }
      const cases = updates.map((update) => {
        const value = (update.set as Record<string, unknown>)[property];
        params.push(update.id, toColumnValue(column, value));
        return 'WHEN ? THEN ?';
      });
      return `${quote(column.databaseName)} = CASE ${quote('id')} ${cases.join(' ')} END`;
    });
    params.push(...updates.map((update) => update.id));
    let sql = `UPDATE ${quote(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${quote('id')} ${
      updates.length === 1 ? '= ?' : `IN (${updates.map(() => '?').join(', ')})`
    }`;
    if (updates[0].onlyIfActive) {
      sql += ` AND ${quote('state')} NOT IN (${TERMINAL_STATES.map(() => '?').join(', ')})`;
      params.push(...TERMINAL_STATES);
    }
    return [sql, params];
  }

  /** Runs in the given states last touched before `updatedBefore`: what the reconciler inspects. */
  findStale(states: RunState[], updatedBefore: number, limit: number): Promise<FlowRunEntity[]> {
    return this.runs.find({
      where: { state: In(states), updatedAt: LessThan(updatedBefore) },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  /**
   * One page of runs, newest first. Several states are read one state at a time and merged: each state's
   * page is a short range of its (state, created_at) index, whereas `state IN (…)` makes both databases
   * collect and sort every run in those states (tens of milliseconds at 100 000 runs, growing with the table).
   */
  async list(query: RunListQuery): Promise<FlowRunEntity[]> {
    const states = [...new Set(query.states ?? [])];
    if (states.length <= 1) return this.listQuery({ ...query, states }).getMany();
    const pages = await Promise.all(states.map((state) => this.listQuery({ ...query, states: [state] }).getMany()));
    return pages.flat().sort(newestFirst).slice(0, query.limit);
  }

  private listQuery(query: RunListQuery): SelectQueryBuilder<FlowRunEntity> {
    const builder = this.runs.createQueryBuilder('run');
    if (query.states?.length) builder.andWhere('run.state IN (:...states)', { states: query.states });
    if (query.flowName) builder.andWhere('run.flow_name = :flowName', { flowName: query.flowName });
    if (query.deploymentName) builder.andWhere('run.deployment_name = :dep', { dep: query.deploymentName });
    if (query.parentRunId) builder.andWhere('run.parent_run_id = :parent', { parent: query.parentRunId });
    if (query.parametersContain) {
      // '!' escapes LIKE's wildcards: a backslash would need escaping itself in MariaDB's literals, not SQLite's.
      const text = query.parametersContain.replace(/[!%_]/g, (character) => `!${character}`);
      builder.andWhere("run.parameters LIKE :text ESCAPE '!'", { text: `%${text}%` });
    }
    if (query.createdAfter !== undefined) builder.andWhere('run.created_at >= :from', { from: query.createdAfter });
    if (query.createdBefore !== undefined) builder.andWhere('run.created_at < :to', { to: query.createdBefore });
    if (query.after) {
      // The leading `created_at <=` is a range both databases seek to on (created_at, id); with the OR alone,
      // SQLite walks the index from the newest run and filters, so deep pages got slower with every page.
      builder.andWhere('run.created_at <= :cAt AND (run.created_at < :cAt OR run.id < :cId)', {
        cAt: query.after.createdAt,
        cId: query.after.id,
      });
    }
    return builder.orderBy('run.created_at', 'DESC').addOrderBy('run.id', 'DESC').take(query.limit);
  }

  /** Top-level runs (started from outside, not a batch's children) of these flows that have not ended, newest first. */
  activeTopLevel(flowNames: string[], limit: number): Promise<FlowRunEntity[]> {
    return this.runs.find({
      where: { flowName: In(flowNames), parentRunId: IsNull(), state: Not(In([...TERMINAL_STATES])) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Top-level runs of these flows whatever their state, the most recently updated first. */
  recentlyUpdatedTopLevel(flowNames: string[], limit: number): Promise<FlowRunEntity[]> {
    return this.runs.find({
      where: { flowName: In(flowNames), parentRunId: IsNull() },
      order: { updatedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** True when the database answers a trivial query (status pages; never throws). */
  async isReachable(): Promise<boolean> {
    try {
      await this.runs.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Number of runs per state (for metrics and health). */
  async countByState(): Promise<Record<string, number>> {
    const rows = await this.runs
      .createQueryBuilder('run')
      .select('run.state', 'state')
      .addSelect('COUNT(*)', 'count')
      .groupBy('run.state')
      .getRawMany<{ state: string; count: string | number }>();
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.count)]));
  }

  /** Number of runs per flow and state, of every run or of those created in `window` (stats, metrics). */
  async countByFlowAndState(window?: CreatedWindow): Promise<FlowStateCount[]> {
    const builder = this.runs
      .createQueryBuilder('run')
      .select('run.flow_name', 'flowName')
      .addSelect('run.state', 'state')
      .addSelect('COUNT(*)', 'count');
    if (window) {
      builder
        .where('run.created_at >= :from', { from: window.from })
        .andWhere('run.created_at < :to', { to: window.to });
    }
    const rows = await builder
      .groupBy('run.flow_name')
      .addGroupBy('run.state')
      .orderBy('run.flow_name', 'ASC')
      .addOrderBy('run.state', 'ASC')
      .getRawMany<{ flowName: string; state: RunState; count: string | number }>();
    return rows.map((row) => ({ flowName: row.flowName, state: row.state, count: Number(row.count) }));
  }

  /**
   * Mean and p95 duration (end − start) of the COMPLETED runs created in `window`, overall and per flow. The
   * p95 is the nearest-rank percentile, computed in the database with window functions (SQLite ≥ 3.25, MySQL 8,
   * MariaDB 10.2) so that no duration list travels to the application.
   */
  async completedDurations(window: CreatedWindow): Promise<CompletedDurations> {
    const overall = (await this.durationStats(window, false)).at(0);
    const byFlow = await this.durationStats(window, true);
    return {
      overall: overall ? { count: overall.count, meanMs: overall.meanMs, p95Ms: overall.p95Ms } : NO_DURATIONS,
      byFlow: Object.fromEntries(byFlow.map(({ flowName, ...stats }) => [flowName, stats])),
    };
  }

  private async durationStats(
    window: CreatedWindow,
    perFlow: boolean,
  ): Promise<(DurationStats & { flowName: string })[]> {
    const partition = perFlow ? 'PARTITION BY flow_name' : '';
    const duration = 'ended_at - started_at';
    // ordinal * 100 >= total * 95 picks the nearest rank without CEIL or integer division, whose spelling
    // differs between SQLite and MySQL; MIN over those rows is the duration at that rank.
    const sql = `
      SELECT ${perFlow ? 'flow_name' : "''"} AS flow_name, COUNT(*) AS total_count, AVG(duration) AS mean_ms,
             MIN(CASE WHEN ordinal * 100 >= total * 95 THEN duration END) AS p95_ms
      FROM (
        SELECT flow_name, ${duration} AS duration,
               ROW_NUMBER() OVER (${partition} ORDER BY ${duration}) AS ordinal,
               COUNT(*) OVER (${partition}) AS total
        FROM flow_runs
        WHERE state = ? AND started_at IS NOT NULL AND ended_at IS NOT NULL AND created_at >= ? AND created_at < ?
      ) ranked
      ${perFlow ? 'GROUP BY flow_name ORDER BY flow_name' : ''}`;
    const rows = await this.runs.manager.query<
      { flow_name: string; total_count: string | number; mean_ms: string | number | null; p95_ms: unknown }[]
    >(sql, [RunState.COMPLETED, window.from, window.to]);
    return rows
      .filter((row) => Number(row.total_count) > 0)
      .map((row) => ({
        flowName: row.flow_name,
        count: Number(row.total_count),
        meanMs: row.mean_ms === null ? null : Math.round(Number(row.mean_ms)),
        p95Ms: row.p95_ms === null ? null : Number(row.p95_ms),
      }));
  }
}

/** The order of `list()`: created_at, then id, both descending (ids are ASCII, compared as the database does). */
function newestFirst(a: FlowRunEntity, b: FlowRunEntity): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A property's value as its column stores it (JSON text, epoch numbers…); undefined becomes NULL. */
function toColumnValue(column: ColumnMetadata, value: unknown): unknown {
  const stored = value ?? null;
  return column.transformer ? ((column.transformer as ValueTransformer).to(stored) as unknown) : stored;
}
