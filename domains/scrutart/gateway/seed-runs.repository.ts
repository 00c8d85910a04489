import { Injectable } from '@nestjs/common';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { PROCESS_ARTIST_FLOW, PROCESS_BATCH_FLOW } from '../contracts';

const SEED_FLOWS = [PROCESS_ARTIST_FLOW.name, PROCESS_BATCH_FLOW.name];

/**
 * The runs the seed's own `flow_runs` table held: single artists and batches started from outside, not the
 * children a batch starts (those are seen through their batch, or the generic `/api/runs`).
 */
@Injectable()
export class SeedRunsRepository {
  constructor(private readonly runs: FlowRunRepository) {}

  /** Runs that have not ended, newest first. */
  active(limit: number): Promise<FlowRunEntity[]> {
    return this.runs.activeTopLevel(SEED_FLOWS, limit);
  }

  /** The most recently updated runs, whatever their state (the seed ordered its history by `updated_at`). */
  history(limit: number): Promise<FlowRunEntity[]> {
    return this.runs.recentlyUpdatedTopLevel(SEED_FLOWS, limit);
  }
}
