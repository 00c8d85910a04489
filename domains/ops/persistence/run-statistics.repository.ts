import { Between, DataSource, In, IsNull, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import { RunState } from '@relais/contracts';
import { ArtifactEntity, FlowRunEntity } from '@relais/persistence';

/** Runs of one flow in one state over a period. */
export interface RunCount {
  flow: string;
  state: string;
  runs: number;
}

/** One completed run's timings (ms since the epoch). */
export interface RunTiming {
  flow: string;
  createdAt: number;
  startedAt: number;
  endedAt: number;
}

/**
 * What monitoring and analytics read from the runs, each query a range of an index of flow_runs (created_at;
 * state + created_at; flow + created_at) or artifacts (key + created_at), never a scan of every run. Row reads are
 * capped: a period with more completed runs than the cap gets its percentiles from the newest ones.
 */
export class RunStatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs created in [from, to), per flow and state. */
  async countsByFlowAndState(from: number, to: number): Promise<RunCount[]> {
    const rows = await this.dataSource
      .getRepository(FlowRunEntity)
      .createQueryBuilder('run')
      .select('run.flow_name', 'flow')
      .addSelect('run.state', 'state')
      .addSelect('COUNT(*)', 'runs')
      .where('run.created_at >= :from AND run.created_at < :to', { from, to })
      .groupBy('run.flow_name')
      .addGroupBy('run.state')
      .getRawMany<{ flow: string; state: string; runs: number | string }>();
    return rows.map((row) => ({ flow: row.flow, state: row.state, runs: Number(row.runs) }));
  }

  /** Timings of the COMPLETED runs created in [from, to), newest first, at most `limit`. */
  async completedTimings(from: number, to: number, limit: number): Promise<RunTiming[]> {
    const rows = await this.dataSource.getRepository(FlowRunEntity).find({
      select: { flowName: true, createdAt: true, startedAt: true, endedAt: true },
      where: { state: RunState.COMPLETED, createdAt: Between(from, to - 1), startedAt: Not(IsNull()) },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return rows
      .filter((row) => row.startedAt !== null && row.endedAt !== null)
      .map((row) => ({
        flow: row.flowName,
        createdAt: row.createdAt,
        startedAt: row.startedAt as number,
        endedAt: row.endedAt as number,
      }));
  }

  /** Results of the COMPLETED runs of `flows` created in [from, to), at most `limit` (newest first). */
  async completedResults(
    flows: readonly string[],
    from: number,
    to: number,
    limit: number,
  ): Promise<{ flow: string; result: unknown }[]> {
    if (flows.length === 0) return [];
    const rows = await this.dataSource.getRepository(FlowRunEntity).find({
      select: { flowName: true, result: true },
      where: { flowName: In([...flows]), state: RunState.COMPLETED, createdAt: Between(from, to - 1) },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({ flow: row.flowName, result: row.result }));
  }

  /** The latest `limit` JSON reports under `key` created before `before` (a report series, for trends). */
  async latestReports(key: string, before: number, limit: number): Promise<{ createdAt: number; content: unknown }[]> {
    const rows = await this.dataSource.getRepository(ArtifactEntity).find({
      where: { key, createdAt: LessThan(before) },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({ createdAt: row.createdAt, content: parsed(row.content) }));
  }

  /** Runs created since `since` that are still waiting (PENDING), with their age: queue wait seen by the database. */
  async pendingSince(since: number, limit: number): Promise<{ flow: string; createdAt: number }[]> {
    const rows = await this.dataSource.getRepository(FlowRunEntity).find({
      select: { flowName: true, createdAt: true },
      where: { state: RunState.PENDING, createdAt: MoreThanOrEqual(since) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => ({ flow: row.flowName, createdAt: row.createdAt }));
  }
}

function parsed(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}
