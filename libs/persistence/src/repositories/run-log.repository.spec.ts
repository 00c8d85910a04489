import { randomUUID } from 'node:crypto';
import type { LogLevel } from '@relais/contracts';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { RunLogEntity } from '../entities';
import { RunLogRepository } from './run-log.repository';

describe('RunLogRepository', () => {
  const db = useMigratedDatabase();
  let logs: RunLogRepository;
  beforeAll(() => {
    logs = new RunLogRepository(db.dataSource);
  });

  const lines = (runId: string, count: number): Omit<RunLogEntity, 'id'>[] =>
    Array.from({ length: count }, (_, i) => ({
      runId,
      level: (['debug', 'info', 'warn', 'error'] as LogLevel[])[i % 4],
      message: `line ${i} — ünïcødé ✓`,
      step: i % 10 === 0 ? `step-${i}` : null,
      createdAt: 1_732_190_000_000 + i,
    }));

  it("pages through a run's log lines oldest first, every line exactly once", async () => {
    const runId = randomUUID();
    const otherRunId = randomUUID();
    const written = lines(runId, 750);
    // Interleaved with another run's lines, in writes larger than one insert chunk (300).
    // structuredClone: TypeORM writes the generated ids into the objects it is given.
    await logs.insertMany(structuredClone([...written.slice(0, 400), ...lines(otherRunId, 50), ...written.slice(400)]));

    const firstPage = await logs.findByRun(runId);
    expect(firstPage).toHaveLength(500);
    const secondPage = await logs.findByRun(runId, firstPage[firstPage.length - 1].id);
    expect(secondPage).toHaveLength(250);
    const lastPage = await logs.findByRun(runId, secondPage[secondPage.length - 1].id);
    expect(lastPage).toEqual([]);

    const all = [...firstPage, ...secondPage];
    const ids = all.map((line) => line.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(750);
    expect(all.map(({ id: _id, ...line }) => line)).toEqual(written);
  });

  it('honours a smaller page size', async () => {
    const runId = randomUUID();
    await logs.insertMany(lines(runId, 25));
    const pages: number[] = [];
    let after = 0;
    for (;;) {
      const page = await logs.findByRun(runId, after, 10);
      if (page.length === 0) break;
      pages.push(page.length);
      after = page[page.length - 1].id;
    }
    expect(pages).toEqual([10, 10, 5]);
  });

  it('pageByRun says whether more lines follow the page', async () => {
    const runId = randomUUID();
    await logs.insertMany(lines(runId, 12));
    const first = await logs.pageByRun(runId, 0, 5);
    expect(first.lines.map((line) => line.message)).toEqual(lines(runId, 5).map((line) => line.message));
    expect(first.hasMore).toBe(true);
    const second = await logs.pageByRun(runId, first.lines[4].id, 7);
    expect(second.lines).toHaveLength(7);
    expect(second.hasMore).toBe(false);
    expect(await logs.pageByRun(runId, second.lines[6].id, 7)).toEqual({ lines: [], hasMore: false });
  });

  it('returns nothing for a run without logs', async () => {
    expect(await logs.findByRun(randomUUID())).toEqual([]);
  });
});
