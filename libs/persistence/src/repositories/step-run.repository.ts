import { Injectable } from '@nestjs/common';
import { DataSource, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import { StepState } from '@relais/contracts';
import { StepRunEntity } from '../entities';
import { findByColumnIn } from './find-by-column-in';

@Injectable()
export class StepRunRepository {
  private readonly steps: Repository<StepRunEntity>;

  constructor(dataSource: DataSource) {
    this.steps = dataSource.getRepository(StepRunEntity);
  }

  /** Every step of a run, in the order they started. */
  findByRun(runId: string): Promise<StepRunEntity[]> {
    return this.steps.find({ where: { runId }, order: { startedAt: 'ASC', stepKey: 'ASC' } });
  }

  /** The COMPLETED steps of several runs at once (a worker starting many runs replays theirs in one query). */
  findCompletedByRuns(runIds: string[]): Promise<StepRunEntity[]> {
    return findByColumnIn(this.steps, 'runId', runIds, { state: StepState.COMPLETED });
  }

  /** Inserts or replaces step rows (a step's RUNNING row is replaced by its COMPLETED or FAILED one). */
  async upsertMany(steps: StepRunEntity[]): Promise<void> {
    for (let i = 0; i < steps.length; i += 200) {
      await this.steps.upsert(steps.slice(i, i + 200) as QueryDeepPartialEntity<StepRunEntity>[], {
        conflictPaths: ['runId', 'stepKey'],
      });
    }
  }
}
