import { FlowRunRepository } from '@relais/persistence';
import { seedRuns } from '../../bench/load/seed-runs';
import { useMigratedDatabase } from '../support/migrated-database';

describe('the load benchmark’s seeding (bench/load/seed-runs.ts)', () => {
  const db = useMigratedDatabase();

  it('inserts every run over several chunks and returns the keyset cursor of each position asked for', async () => {
    const runs = new FlowRunRepository(db.dataSource);
    const count = 2_345;
    const positions = [0, 999, 1_000, 1_172, 2_344];

    const keys = await seedRuns(runs, count, Date.parse('2026-01-01T00:00:00Z'), positions);

    const all = await runs.list({ limit: count + 1 });
    expect(all).toHaveLength(count);
    expect([...keys.keys()].sort((a, b) => a - b)).toEqual(positions);
    for (const position of positions) {
      expect(keys.get(position)).toEqual({ createdAt: all[position].createdAt, id: all[position].id });
    }
    // The deep page the benchmark asks for starts right after the cursor it was given.
    const [afterCursor] = await runs.list({ limit: 1, after: keys.get(1_172) });
    expect(afterCursor.id).toBe(all[1_173].id);
  });
});
