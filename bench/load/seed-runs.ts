import { RunState } from '@relais/contracts';
import type { FlowRunEntity, FlowRunRepository } from '@relais/persistence';
import { aFlowRun } from '../../test/support/flow-run.fixture';

/** A month of history: one run every 26 s. */
const SPACING_MS = 26_000;
const CHUNK = 1000;

/** Where a run sits in GET /api/runs's order: its keyset cursor. */
export interface SeededRunKey {
  createdAt: number;
  id: string;
}

/**
 * Inserts `count` finished runs of ops.health-check, newest `now - SPACING_MS`, in multi-row INSERTs of 1000
 * (what a busy installation has after a month). Returns the keys of the runs at the `positions` asked for, counted
 * newest first (the order of GET /api/runs).
 *
 * Each chunk is built, inserted and dropped: the benchmark's gateway runs in this process, and holding a million
 * seeded entities (over a gigabyte of heap) made every major GC a pause of hundreds of milliseconds that the
 * gateway's tail latencies then measured.
 */
export async function seedRuns(
  repository: FlowRunRepository,
  count: number,
  now: number,
  positions: readonly number[] = [],
): Promise<Map<number, SeededRunKey>> {
  const keys = new Map<number, SeededRunKey>();
  for (let start = 0; start < count; start += CHUNK) {
    const chunk: FlowRunEntity[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) chunk.push(seededRun(i, now));
    await repository.insertMany(chunk);
    // better-sqlite3 answers synchronously: without this turn the seeding holds the loop for a minute, and the
    // gateway's Redis connections time out meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    for (const position of positions) {
      const run = chunk[position - start] as FlowRunEntity | undefined;
      if (run) keys.set(position, { createdAt: run.createdAt, id: run.id });
    }
  }
  return keys;
}

function seededRun(index: number, now: number): FlowRunEntity {
  const createdAt = now - (index + 1) * SPACING_MS;
  const failed = index % 20 === 0;
  return aFlowRun({
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
  });
}
