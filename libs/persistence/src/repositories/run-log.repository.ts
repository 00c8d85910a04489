import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type Repository } from 'typeorm';
import { RunLogEntity } from '../entities';

@Injectable()
export class RunLogRepository {
  private readonly logs: Repository<RunLogEntity>;

  constructor(dataSource: DataSource) {
    this.logs = dataSource.getRepository(RunLogEntity);
  }

  async insertMany(lines: Omit<RunLogEntity, 'id'>[]): Promise<void> {
    for (let i = 0; i < lines.length; i += 300) await this.logs.insert(lines.slice(i, i + 300));
  }

  /**
   * Up to `limit` of a run's log lines after the line `afterId`, oldest first, and whether more lines follow
   * (read as one extra row, so the caller knows without a second query).
   */
  async pageByRun(runId: string, afterId: number, limit: number): Promise<{ lines: RunLogEntity[]; hasMore: boolean }> {
    const lines = await this.findByRun(runId, afterId, limit + 1);
    return { lines: lines.slice(0, limit), hasMore: lines.length > limit };
  }

  /** A page of a run's log lines after the line `afterId` (0 for the first page), oldest first. */
  findByRun(runId: string, afterId = 0, limit = 500): Promise<RunLogEntity[]> {
    return this.logs.find({ where: { runId, id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }
}
