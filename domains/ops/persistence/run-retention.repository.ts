import { DataSource, In, LessThan, MoreThan } from 'typeorm';
import { TERMINAL_STATES } from '@relais/contracts';
import { ArtifactEntity, FlowRunEntity, RunLogEntity, StepRunEntity } from '@relais/persistence';

/**
 * The deletes of retention, in small batches: each statement touches at most `limit` rows found through an index
 * (the primary key of run_logs, (state, created_at) of flow_runs), so no table is locked for long and the other
 * processes' writes interleave.
 */
export class RunRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Log lines after `afterId`, oldest first, up to `limit`. Lines are appended in time order, so walking the
   * primary key from the oldest reaches every line older than a date without an index on created_at.
   */
  logLinesAfter(afterId: number, limit: number): Promise<RunLogEntity[]> {
    return this.dataSource
      .getRepository(RunLogEntity)
      .find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  /** Every log line of these runs (to archive them before the runs go). */
  logLinesOfRuns(runIds: readonly string[]): Promise<RunLogEntity[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(RunLogEntity)
      .find({ where: { runId: In([...runIds]) }, order: { id: 'ASC' } });
  }

  async deleteLogLines(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.dataSource.getRepository(RunLogEntity).delete({ id: In([...ids]) });
    return result.affected ?? ids.length;
  }

  /** Up to `limit` runs that ended (any terminal state) and were created before `cutoff`. */
  async endedRunsBefore(cutoff: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(FlowRunEntity).find({
      select: { id: true },
      where: TERMINAL_STATES.map((state) => ({ state, createdAt: LessThan(cutoff) })),
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** Deletes the runs with their steps, reports and log lines, in one transaction per batch. */
  async deleteRuns(runIds: readonly string[]): Promise<number> {
    if (runIds.length === 0) return 0;
    const ids = In([...runIds]);
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(StepRunEntity).delete({ runId: ids });
      await manager.getRepository(ArtifactEntity).delete({ runId: ids });
      await manager.getRepository(RunLogEntity).delete({ runId: ids });
      const result = await manager.getRepository(FlowRunEntity).delete({ id: ids });
      return result.affected ?? runIds.length;
    });
  }
}
