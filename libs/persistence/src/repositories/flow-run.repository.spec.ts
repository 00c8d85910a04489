import { randomUUID } from 'node:crypto';
import { RunState } from '@relais/contracts';
import { aFlowRun } from '../../../../test/support/flow-run.fixture';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { FlowRunEntity } from '../entities';
import { FlowRunRepository, type CreatedWindow, type RunListQuery } from './flow-run.repository';

describe('FlowRunRepository', () => {
  describe('writes', () => {
    const db = useMigratedDatabase();
    let runs: FlowRunRepository;
    beforeAll(() => {
      runs = new FlowRunRepository(db.dataSource);
    });

    it('inserts a run and reads it back as it was written', async () => {
      const run = aFlowRun({ parameters: { alert_threshold: 55, nested: { list: [1, 'two', null] } } });

      expect(await runs.insert(run)).toEqual({ run, created: true });
      expect(await runs.findById(run.id)).toEqual(run);
    });

    it('returns the existing run, not created, when an idempotency key is used again', async () => {
      const key = `schedule:hourly-health-check:${randomUUID()}`;
      const first = aFlowRun({ idempotencyKey: key, triggeredBy: 'schedule' });
      const again = aFlowRun({ idempotencyKey: key, triggeredBy: 'schedule' });

      await runs.insert(first);
      const outcome = await runs.insert(again);

      expect(outcome).toEqual({ run: first, created: false });
      expect(await runs.findById(again.id)).toBeNull();
    });

    it('reads many runs by id exactly as they were written, past one statement’s worth of ids', async () => {
      const written = Array.from({ length: 1_203 }, (_, i) =>
        aFlowRun({
          parameters: { page: i, nested: { list: [1, 'two', null] } },
          result: i % 2 ? { score: i } : null,
          error: i % 3 ? null : 'Source unreachable',
          concurrencyGroup: i % 5 ? null : { key: `batch-${i}`, limit: 3 },
          startedAt: i % 7 ? 1_732_190_000_000 + i : null,
          endedAt: i % 7 ? 1_732_190_100_000 + i : null,
        }),
      );
      await runs.insertMany(written);

      const read = await runs.findByIds([...written.map((run) => run.id), randomUUID()]);

      const byId = new Map(read.map((run) => [run.id, run]));
      expect(read).toHaveLength(written.length);
      for (const run of written) expect(byId.get(run.id)).toEqual(run);
      expect(await runs.findByIds([])).toEqual([]);
    });

    it('accepts any number of runs without an idempotency key', async () => {
      const keyless = [aFlowRun(), aFlowRun(), aFlowRun()];
      for (const run of keyless) expect((await runs.insert(run)).created).toBe(true);
      expect(await runs.findByIds(keyless.map((run) => run.id))).toHaveLength(3);
    });

    it('still throws when the id itself is taken', async () => {
      const run = aFlowRun();
      await runs.insert(run);
      await expect(runs.insert(aFlowRun({ id: run.id }))).rejects.toThrow();
    });

    it("insertMany stores every run and leaves the callers' objects as they were", async () => {
      const batch = Array.from({ length: 5 }, (_, i) => aFlowRun({ parameters: { index: i } }));
      const before = structuredClone(batch);

      await runs.insertMany(batch);

      // TypeORM used to hand each object another row's id after a multi-row insert.
      expect(batch).toEqual(before);
      for (const run of batch) expect(await runs.findById(run.id)).toEqual(run);
    });

    it('insertMany writes all of a batch or none of it: a taken id in it leaves the others unwritten', async () => {
      const taken = aFlowRun();
      await runs.insert(taken);
      const batch = [aFlowRun(), aFlowRun(), aFlowRun({ id: taken.id }), aFlowRun()];

      await expect(runs.insertMany(batch)).rejects.toThrow();

      expect(await runs.findByIds([batch[0].id, batch[1].id, batch[3].id])).toEqual([]);
    });

    it('applies a batch of updates, and onlyIfActive never revives a finished run', async () => {
      const finished = aFlowRun({ state: RunState.COMPLETED, result: { score: 91 }, endedAt: 1_732_190_000_500 });
      const active = aFlowRun({ state: RunState.RUNNING });
      await runs.insertMany([finished, active]);

      await runs.applyUpdates([
        { id: finished.id, set: { state: RunState.RUNNING, progress: 40, workerId: 'late' }, onlyIfActive: true },
        {
          id: active.id,
          set: { progress: 40, progressMessage: 'half-way', result: { partial: [1, 2] } },
          onlyIfActive: true,
        },
      ]);

      expect(await runs.findById(finished.id)).toEqual(finished);
      expect(await runs.findById(active.id)).toEqual({
        ...active,
        progress: 40,
        progressMessage: 'half-way',
        result: { partial: [1, 2] },
      });

      // A deliberate write (a retry by hand) may change a finished run.
      await runs.applyUpdates([
        { id: finished.id, set: { state: RunState.PENDING, endedAt: null }, onlyIfActive: false },
      ]);
      expect(await runs.findById(finished.id)).toMatchObject({ state: RunState.PENDING, endedAt: null });
    });

    it('gives each run of a large flush its own values, whatever order its fields were set in', async () => {
      // Over 200 runs of one kind: MySQL splits them into several CASE statements; SQLite writes one per run.
      const batch = Array.from({ length: 450 }, () => aFlowRun({ state: RunState.RUNNING }));
      const finishedBefore = aFlowRun({ state: RunState.FAILED, error: 'kept' });
      await runs.insertMany([...batch, finishedBefore]);

      await runs.applyUpdates([
        ...batch.map((run, i) =>
          i % 2 === 0
            ? { id: run.id, set: { state: RunState.COMPLETED, endedAt: 5_000 + i, result: { i } }, onlyIfActive: true }
            : { id: run.id, set: { result: { i }, endedAt: 5_000 + i, state: RunState.COMPLETED }, onlyIfActive: true },
        ),
        {
          id: finishedBefore.id,
          set: { state: RunState.COMPLETED, endedAt: 1, result: { i: -1 } },
          onlyIfActive: true,
        },
      ]);

      const byId = new Map((await runs.findByIds(batch.map((run) => run.id))).map((run) => [run.id, run]));
      batch.forEach((run, i) =>
        expect(byId.get(run.id)).toEqual({ ...run, state: RunState.COMPLETED, endedAt: 5_000 + i, result: { i } }),
      );
      expect(await runs.findById(finishedBefore.id)).toEqual(finishedBefore);
    });

    it('treats every terminal state as finished for onlyIfActive', async () => {
      const terminal = [RunState.COMPLETED, RunState.FAILED, RunState.CANCELLED, RunState.CRASHED].map((state) =>
        aFlowRun({ state }),
      );
      await runs.insertMany(terminal);
      await runs.applyUpdates(
        terminal.map((run) => ({ id: run.id, set: { state: RunState.RUNNING }, onlyIfActive: true })),
      );
      const states = (await runs.findByIds(terminal.map((run) => run.id))).map((run) => run.state).sort();
      expect(states).toEqual([RunState.CANCELLED, RunState.COMPLETED, RunState.CRASHED, RunState.FAILED]);
    });

    it('finds stale runs oldest first, and children in creation order', async () => {
      const parent = aFlowRun({ state: RunState.RUNNING, updatedAt: 1_000 });
      const children = [3, 1, 2].map((n) =>
        aFlowRun({ parentRunId: parent.id, triggeredBy: 'child', createdAt: 2_000 + n, updatedAt: 2_000 + n }),
      );
      await runs.insertMany([parent, ...children]);

      expect((await runs.findChildren(parent.id)).map((run) => run.createdAt)).toEqual([2_001, 2_002, 2_003]);
      const stale = await runs.findStale([RunState.RUNNING, RunState.PENDING], 2_003, 10);
      expect(stale.map((run) => run.id)).toEqual([parent.id, children[1].id, children[2].id]);
    });

    it('counts runs per state', async () => {
      const counts = await runs.countByState();
      const all = await db.dataSource.getRepository<FlowRunEntity>('FlowRunEntity').find();
      const expected: Record<string, number> = {};
      for (const run of all) expected[run.state] = (expected[run.state] ?? 0) + 1;
      expect(counts).toEqual(expected);
      expect(Object.values(counts).every((count) => typeof count === 'number')).toBe(true);
    });
  });

  describe('list()', () => {
    const db = useMigratedDatabase();
    let runs: FlowRunRepository;
    const parentId = randomUUID();
    const base = 1_732_190_000_000;
    const states = [RunState.PENDING, RunState.RUNNING, RunState.COMPLETED, RunState.FAILED, RunState.CANCELLED];
    // 250 runs, four to a millisecond, so that ties on created_at are broken by id.
    const all: FlowRunEntity[] = Array.from({ length: 250 }, (_, i) =>
      aFlowRun({
        flowName: i % 2 === 0 ? 'ops.health-check' : 'ops.other-flow',
        state: states[i % states.length],
        deploymentName: i % 3 === 0 ? 'hourly-health-check' : null,
        parentRunId: i % 7 === 0 ? parentId : null,
        createdAt: base + Math.floor(i / 4),
        updatedAt: base + Math.floor(i / 4),
      }),
    );

    beforeAll(async () => {
      runs = new FlowRunRepository(db.dataSource);
      // Inserted out of order, more than one insert chunk (200).
      await runs.insertMany([...all].sort((a, b) => a.id.localeCompare(b.id)));
    });

    const newestFirst = (a: FlowRunEntity, b: FlowRunEntity): number =>
      b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

    async function everyPage(filters: Omit<RunListQuery, 'after' | 'limit'>, limit: number): Promise<string[]> {
      const ids: string[] = [];
      let after: RunListQuery['after'];
      for (let page = 0; page < 1000; page++) {
        const rows = await runs.list({ ...filters, after, limit });
        expect(rows.length).toBeLessThanOrEqual(limit);
        ids.push(...rows.map((row) => row.id));
        if (rows.length < limit) return ids;
        const last = rows[rows.length - 1];
        after = { createdAt: last.createdAt, id: last.id };
      }
      throw new Error('list() never reached the last page');
    }

    it.each([37, 50, 250, 1000])('returns every run exactly once, newest first, in pages of %i', async (limit) => {
      const ids = await everyPage({}, limit);
      expect(new Set(ids).size).toBe(all.length);
      expect(ids).toEqual([...all].sort(newestFirst).map((run) => run.id));
    });

    const filterCases: [string, Omit<RunListQuery, 'after' | 'limit'>, (run: FlowRunEntity) => boolean][] = [
      [
        'states',
        { states: [RunState.FAILED, RunState.CANCELLED] },
        (run) => [RunState.FAILED, RunState.CANCELLED].includes(run.state),
      ],
      ['flowName', { flowName: 'ops.other-flow' }, (run) => run.flowName === 'ops.other-flow'],
      [
        'deploymentName',
        { deploymentName: 'hourly-health-check' },
        (run) => run.deploymentName === 'hourly-health-check',
      ],
      ['parentRunId', { parentRunId: parentId }, (run) => run.parentRunId === parentId],
      [
        'a creation window',
        { createdAfter: base + 10, createdBefore: base + 40 },
        (run) => run.createdAt >= base + 10 && run.createdAt < base + 40,
      ],
      [
        'several filters at once',
        { states: [RunState.PENDING, RunState.COMPLETED], flowName: 'ops.health-check', createdBefore: base + 50 },
        (run) =>
          [RunState.PENDING, RunState.COMPLETED].includes(run.state) &&
          run.flowName === 'ops.health-check' &&
          run.createdAt < base + 50,
      ],
    ];

    it.each(filterCases)('pages through runs filtered by %s', async (_name, filters, matches) => {
      const expected = all
        .filter(matches)
        .sort(newestFirst)
        .map((run) => run.id);
      expect(expected.length).toBeGreaterThan(5);
      expect(await everyPage(filters, 7)).toEqual(expected);
    });

    it('starts a page right after the cursor when many runs share its millisecond', async () => {
      const sorted = [...all].sort(newestFirst);
      // Runs 4k..4k+3 share a created_at: a cursor in the middle of such a group must split it exactly.
      const cursorIndex = sorted.findIndex((run, i) => i > 100 && run.createdAt === sorted[i + 1]?.createdAt);
      const cursor = sorted[cursorIndex];
      const rows = await runs.list({ limit: 5, after: { createdAt: cursor.createdAt, id: cursor.id } });
      expect(rows.map((row) => row.id)).toEqual(sorted.slice(cursorIndex + 1, cursorIndex + 6).map((run) => run.id));
    });

    it('lists a state given twice once', async () => {
      const failed = all.filter((run) => run.state === RunState.FAILED).sort(newestFirst);
      const rows = await runs.list({ states: [RunState.FAILED, RunState.FAILED], limit: 1000 });
      expect(rows.map((row) => row.id)).toEqual(failed.map((run) => run.id));
    });

    it('returns an empty page past the last run', async () => {
      const oldest = [...all].sort(newestFirst)[all.length - 1];
      expect(await runs.list({ limit: 10, after: { createdAt: oldest.createdAt, id: oldest.id } })).toEqual([]);
    });
  });

  describe('statistics', () => {
    const db = useMigratedDatabase();
    let runs: FlowRunRepository;
    const base = 1_800_000_000_000;
    const window: CreatedWindow = { from: base, to: base + 60_000 };

    /** A finished run created `offset` ms into the window that took `durationMs`. */
    const finished = (flowName: string, state: RunState, durationMs: number, offset = 1000): FlowRunEntity =>
      aFlowRun({
        flowName,
        state,
        createdAt: base + offset,
        updatedAt: base + offset,
        startedAt: base + offset + 10,
        endedAt: base + offset + 10 + durationMs,
      });

    // flow.alpha: 20 completed runs of 100, 200 … 2000 ms; p95 by nearest rank is the 19th (1900 ms).
    const alpha = Array.from({ length: 20 }, (_, i) => finished('flow.alpha', RunState.COMPLETED, (i + 1) * 100));
    // flow.beta: 3 completed runs (p95 of 3 values is the largest), 2 failed, 1 running, 1 pending.
    const beta = [
      finished('flow.beta', RunState.COMPLETED, 50),
      finished('flow.beta', RunState.COMPLETED, 70),
      finished('flow.beta', RunState.COMPLETED, 30),
      finished('flow.beta', RunState.FAILED, 5_000),
      finished('flow.beta', RunState.FAILED, 9_000),
      aFlowRun({ flowName: 'flow.beta', state: RunState.RUNNING, createdAt: base + 5, startedAt: base + 6 }),
      aFlowRun({ flowName: 'flow.beta', state: RunState.PENDING, createdAt: base + 59_999 }),
    ];
    // Outside the window on both sides (to is exclusive), and a completed run that never recorded a start.
    const outside = [
      finished('flow.alpha', RunState.COMPLETED, 99_000, -1),
      finished('flow.alpha', RunState.FAILED, 99_000, 60_000),
    ];
    const noStart = aFlowRun({
      flowName: 'flow.gamma',
      state: RunState.COMPLETED,
      createdAt: base + 7,
      endedAt: base + 9,
    });

    beforeAll(async () => {
      runs = new FlowRunRepository(db.dataSource);
      await runs.insertMany([...alpha, ...beta, ...outside, noStart]);
    });

    it('counts runs per flow and state inside a creation window, `to` excluded', async () => {
      expect(await runs.countByFlowAndState(window)).toEqual([
        { flowName: 'flow.alpha', state: RunState.COMPLETED, count: 20 },
        { flowName: 'flow.beta', state: RunState.COMPLETED, count: 3 },
        { flowName: 'flow.beta', state: RunState.FAILED, count: 2 },
        { flowName: 'flow.beta', state: RunState.PENDING, count: 1 },
        { flowName: 'flow.beta', state: RunState.RUNNING, count: 1 },
        { flowName: 'flow.gamma', state: RunState.COMPLETED, count: 1 },
      ]);
    });

    it('counts every run without a window', async () => {
      const counts = await runs.countByFlowAndState();
      const alphaCounts = counts.filter((row) => row.flowName === 'flow.alpha');
      expect(alphaCounts).toEqual([
        { flowName: 'flow.alpha', state: RunState.COMPLETED, count: 21 },
        { flowName: 'flow.alpha', state: RunState.FAILED, count: 1 },
      ]);
      expect(counts.reduce((sum, row) => sum + row.count, 0)).toBe(alpha.length + beta.length + outside.length + 1);
    });

    it('gives the mean and nearest-rank p95 of completed runs per flow and overall', async () => {
      const durations = await runs.completedDurations(window);
      expect(durations.byFlow).toEqual({
        'flow.alpha': { count: 20, meanMs: 1050, p95Ms: 1900 },
        'flow.beta': { count: 3, meanMs: 50, p95Ms: 70 },
      });
      // Overall: the 23 durations sorted; rank ceil(0.95 × 23) = 22 is alpha's 1900 ms.
      const all = [...alpha.map((run) => run.endedAt! - run.startedAt!), 50, 70, 30];
      expect(durations.overall).toEqual({
        count: 23,
        meanMs: Math.round(all.reduce((sum, ms) => sum + ms, 0) / all.length),
        p95Ms: 1900,
      });
    });

    it('has no durations for a window without completed runs', async () => {
      expect(await runs.completedDurations({ from: base - 10_000_000, to: base - 5_000_000 })).toEqual({
        overall: { count: 0, meanMs: null, p95Ms: null },
        byFlow: {},
      });
      expect(await runs.countByFlowAndState({ from: base - 10_000_000, to: base - 5_000_000 })).toEqual([]);
    });
  });
});
