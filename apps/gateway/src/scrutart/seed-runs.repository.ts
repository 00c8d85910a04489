import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type Repository } from 'typeorm';
import { PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW, TERMINAL_STATES } from '@relais/contracts';
import { FlowRunEntity } from '@relais/persistence';

const SEED_FLOWS = [PROCESS_ARTIST_FLOW.name, PROCESS_BATCH_FLOW.name];

/**
 * The runs the seed's own `flow_runs` table held: single artists and batches started from outside, not the
 * children a batch starts (those are seen through their batch, or the generic `/api/runs`).
 */
@Injectable()
export class SeedRunsRepository {
  private readonly runs: Repository<FlowRunEntity>;

  constructor(dataSource: DataSource) {
    this.runs = dataSource.getRepository(FlowRunEntity);
  }

  /** Runs that have not ended, newest first. */
  active(limit: number): Promise<FlowRunEntity[]> {
    return this.runs.find({
      where: { flowName: In(SEED_FLOWS), parentRunId: IsNull(), state: Not(In([...TERMINAL_STATES])) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** The most recently updated runs, whatever their state (the seed ordered its history by `updated_at`). */
  history(limit: number): Promise<FlowRunEntity[]> {
    return this.runs.find({
      where: { flowName: In(SEED_FLOWS), parentRunId: IsNull() },
      order: { updatedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
