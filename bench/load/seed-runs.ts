import { RunState } from '@relais/contracts';
import type { FlowRunEntity, FlowRunRepository } from '@relais/persistence';
import { aFlowRun } from '../../test/support/flow-run.fixture';

/** A month of history: one run every 26 s. */
const SPACING_MS = 26_000;
const CHUNK = 1000;

/**
 * Inserts `count` finished runs of ops.health-check, newest `now - SPACING_MS`, in multi-row INSERTs of 1000
 * (what a busy installation has after a month). Returns them newest first, the order of GET /api/runs.
 */
export async function seedRuns(repository: FlowRunRepository, count: number, now: number): Promise<FlowRunEntity[]> {
  const runs: FlowRunEntity[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = now - (i + 1) * SPACING_MS;
    const failed = i % 20 === 0;
    runs.push(
      aFlowRun({
        state: failed ? RunState.FAILED : RunState.COMPLETED,
        result: failed ? null : { score: 90, status: 'healthy', alert: false },
        error: failed ? 'Redis did not answer PING within 3000 ms' : null,
        attempts: 1,
        progress: 100,
        deploymentName: 'health-check-every-15min',
        triggeredBy: 'schedule',
        workerId: 'bench-seed',
        createdAt,
        updatedAt: createdAt + 1500,
        startedAt: createdAt + 5,
        endedAt: createdAt + 1500,
      }),
    );
  }
  for (let i = 0; i < runs.length; i += CHUNK) await repository.insertMany(runs.slice(i, i + CHUNK));
  return runs;
}
