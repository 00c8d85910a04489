import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RunState } from '@relais/contracts';

/** Flows of the history: 60 names over five domains, so per-flow indexes have realistic selectivity. */
export const BENCH_FLOWS = Array.from(
  { length: 60 },
  (_, i) => `${['ops', 'scrutart', 'documents', 'dpgf', 'rag'][i % 5]}.flow-${i}`,
);
export const HEALTH_FLOW = 'ops.health-check';
const COLUMNS = [
  'id',
  'flow_name',
  'queue',
  'state',
  'parameters',
  'result',
  'error',
  'attempts',
  'max_attempts',
  'progress',
  'deployment_name',
  'job_id',
  'triggered_by',
  'created_at',
  'updated_at',
  'started_at',
  'ended_at',
];

/** One ended run as a row of COLUMNS. */
export function endedRunRow(flow: string, state: RunState, endedAt: number, result: unknown = null): unknown[] {
  const id = randomUUID();
  const startedAt = endedAt - 2000;
  return [
    id,
    flow,
    flow.split('.')[0],
    state,
    '{}',
    result === null ? null : JSON.stringify(result),
    state === RunState.COMPLETED ? null : 'Source unreachable: ECONNREFUSED',
    1,
    2,
    100,
    `${flow}-deployment`,
    id,
    'schedule',
    startedAt - 100,
    endedAt,
    startedAt,
    endedAt,
  ];
}

/** Inserts rows of COLUMNS in multi-row statements, one transaction per 20 000 rows. */
export async function insertRunRows(dataSource: DataSource, rows: unknown[][]): Promise<void> {
  const head = `INSERT INTO flow_runs (${COLUMNS.join(', ')}) VALUES `;
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 20_000) {
    await dataSource.transaction(async (manager) => {
      for (let j = i; j < Math.min(i + 20_000, rows.length); j += 1000) {
        const chunk = rows.slice(j, Math.min(j + 1000, i + 20_000, rows.length));
        await manager.query(head + chunk.map(() => placeholders).join(', '), chunk.flat());
      }
    });
  }
}

/**
 * `count` ended runs over the 30 days before `now` (94 % COMPLETED, 5 % FAILED, 1 % CRASHED; one in ten a health
 * check with a score), inserted in batches so the history never sits in memory whole.
 */
export async function seedHistory(
  dataSource: DataSource,
  count: number,
  now: number,
  progress: (done: number) => void,
): Promise<void> {
  const span = 30 * 24 * 3_600_000;
  const batch = 100_000;
  for (let done = 0; done < count; done += batch) {
    const rows: unknown[][] = [];
    for (let i = done; i < Math.min(done + batch, count); i++) {
      const endedAt = now - span + Math.floor((i / count) * span);
      const roll = i % 100;
      const state = roll < 1 ? RunState.CRASHED : roll < 6 ? RunState.FAILED : RunState.COMPLETED;
      const health = i % 10 === 0;
      rows.push(
        endedRunRow(
          health ? HEALTH_FLOW : BENCH_FLOWS[i % BENCH_FLOWS.length],
          state,
          endedAt,
          health && state === RunState.COMPLETED ? { score: 60 + (i % 40), alert_threshold: 70 } : null,
        ),
      );
    }
    await insertRunRows(dataSource, rows);
    progress(Math.min(done + batch, count));
  }
}
