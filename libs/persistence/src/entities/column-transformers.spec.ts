import { RunState } from '@relais/contracts';
import { aFlowRun } from '../../../../test/support/flow-run.fixture';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import { FlowRunRepository } from '../repositories/flow-run.repository';

/** Epoch milliseconds, JSON-in-TEXT and large text survive a round trip through the real database. */
describe('column transformers on the database', () => {
  const db = useMigratedDatabase();
  let runs: FlowRunRepository;
  beforeAll(() => {
    runs = new FlowRunRepository(db.dataSource);
  });

  it('reads BIGINT epoch milliseconds back as numbers, beyond 32 bits and up to the largest safe integer', async () => {
    const run = aFlowRun({
      createdAt: 1_732_190_000_123,
      updatedAt: 4_102_444_800_000, // 2100-01-01
      startedAt: Number.MAX_SAFE_INTEGER,
      endedAt: null,
    });
    await runs.insert(run);

    const stored = await runs.findById(run.id);
    expect(stored).toEqual(run);
    expect(typeof stored?.createdAt).toBe('number');

    // mysql2 is set to hand BIGINTs that fit a double to JavaScript as numbers, not strings.
    const [raw] = await db.dataSource.query<{ created_at: unknown; started_at: unknown; ended_at: unknown }[]>(
      'SELECT created_at, started_at, ended_at FROM flow_runs WHERE id = ?',
      [run.id],
    );
    expect(raw).toEqual({ created_at: 1_732_190_000_123, started_at: Number.MAX_SAFE_INTEGER, ended_at: null });
  });

  it.each<[string, unknown]>([
    ['an object', { score: 87, status: 'healthy', findings: [{ check: 'disk', ok: true, value: null }] }],
    ['an array', [1, 'two', { three: [3] }]],
    ['a string', 'done'],
    ['a number', 42.5],
    ['a boolean', false],
    ['null', null],
    ['4-byte characters and escapes', { text: 'Ünïcødé 🎨🚀 "quoted" \\ back\\slash\n newline\ttab' }],
  ])('round-trips %s as JSON', async (_name, value) => {
    const run = aFlowRun({ result: value, parameters: { value } });
    await runs.insert(run);
    expect(await runs.findById(run.id)).toEqual(run);
  });

  it('keeps a result larger than a MySQL TEXT column (64 KB)', async () => {
    const result = { rows: Array.from({ length: 4000 }, (_, i) => ({ i, label: `row ${i} ✓ é` })) };
    expect(JSON.stringify(result).length).toBeGreaterThan(100_000);
    const run = aFlowRun({ state: RunState.COMPLETED, result });
    await runs.insert(run);
    await runs.applyUpdates([{ id: run.id, set: { result: { ...result, updated: true } }, onlyIfActive: false }]);
    expect((await runs.findById(run.id))?.result).toEqual({ ...result, updated: true });
  });

  it('stores 4-byte characters in VARCHAR columns (utf8mb4)', async () => {
    const run = aFlowRun({ progressMessage: 'Étape 2/3 🚀 — 北京', flowName: 'ops.health-check' });
    await runs.insert(run);
    expect((await runs.findById(run.id))?.progressMessage).toBe('Étape 2/3 🚀 — 北京');
  });
});
