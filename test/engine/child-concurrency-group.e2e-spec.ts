import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { RunState } from '@relais/contracts';
import { QueueRegistry, RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { testConfig, type TestConfig } from '../support/test-env';
import { startWorker, waitForRunState } from './engine-harness';
import { aFlowRun } from '../support/flow-run.fixture';
import {
  ALL_GROUPS_COUNTER_KEYS,
  GROUP_TEST_QUEUE,
  GROUPED_CHILD_FLOW,
  GROUPED_PARENT_FLOW,
  GroupedTestWorkerModule,
  groupCounterKeys,
} from './grouped-test-flows';

describe('child runs held to a concurrency group (startChild concurrency option)', () => {
  let setup: TestConfig;
  let worker: TestingModule;
  let redis: Redis;

  beforeAll(async () => {
    setup = await testConfig({ WORKER_CONCURRENCY: '20' });
    worker = await startWorker(setup.config, GroupedTestWorkerModule);
    redis = new Redis(setup.config.redisUrl);
  });

  afterAll(async () => {
    await worker.close();
    await redis.quit();
    await setup.cleanup();
  });

  it("never runs more than the limit of one parent's children at once, and the limit is per parent", async () => {
    await redis.del(ALL_GROUPS_COUNTER_KEYS.max, ALL_GROUPS_COUNTER_KEYS.running);
    const launcher = worker.get(RunLauncher);
    const runs = worker.get(FlowRunRepository);
    const parents = await Promise.all([
      launcher.launch(GROUPED_PARENT_FLOW.name, { children: 6, limit: 2, child_ms: 500 }),
      launcher.launch(GROUPED_PARENT_FLOW.name, { children: 6, limit: 2, child_ms: 500 }),
    ]);

    for (const { run } of parents) {
      const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
      expect(done.result).toEqual({ completed: 6 });
      expect(Number(await redis.get(groupCounterKeys(run.id).max))).toBe(2);
      // Every child that waited for a slot left the group's line once it got one.
      expect(await redis.zcard(`${setup.config.redisPrefix}:concurrency-group:${run.id}:children:waiters`)).toBe(0);
      const children = await runs.findChildren(run.id);
      expect(children).toHaveLength(6);
      // Waiting for a slot is not a failed attempt.
      expect(children.every((child) => child.attempts === 1)).toBe(true);
    }
    // Two parents' groups are independent: together they ran more than one group's limit.
    expect(Number(await redis.get(ALL_GROUPS_COUNTER_KEYS.max))).toBeGreaterThan(2);
  });

  it('leaves a waiting child parked until a slot frees, instead of bringing it back to find the group full', async () => {
    const launcher = worker.get(RunLauncher);
    const runs = worker.get(FlowRunRepository);
    // One at a time: the last child waits for three others, 4.5 s in all.
    const { run } = await launcher.launch(GROUPED_PARENT_FLOW.name, { children: 4, limit: 1, child_ms: 1500 });
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED], 60_000);
    expect(done.result).toEqual({ completed: 4 });

    const queue = worker.get(QueueRegistry).get(GROUP_TEST_QUEUE);
    const deliveries = await Promise.all(
      (await runs.findChildren(run.id)).map(async (child) => (await queue.getJob(child.jobId))?.attemptsStarted ?? 0),
    );
    // Each child is delivered once to find the group full (or take its slot) and once when the run freeing a slot
    // wakes it; a third only if two wake-ups raced for one slot. With delays of 0.25 s doubling to 4 s, the last
    // child came back 4–5 times to find the group still full.
    expect(deliveries).toHaveLength(4);
    for (const count of deliveries) {
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(3);
    }
    expect(deliveries.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(8);
  });

  it('holds runs retried by hand to the group recorded with them', async () => {
    const runs = worker.get(FlowRunRepository);
    const batch = `retried-${Date.now()}`;
    // Four children of a batch limited to 1 that were cancelled: their first jobs, and the group those carried, are gone.
    const cancelled = Array.from({ length: 4 }, () =>
      aFlowRun({
        flowName: GROUPED_CHILD_FLOW.name,
        queue: GROUP_TEST_QUEUE,
        state: RunState.CANCELLED,
        parameters: { batch, ms: 300 },
        concurrencyGroup: { key: batch, limit: 1 },
        endedAt: Date.now(),
      }),
    );
    await runs.insertMany(cancelled);

    const launcher = worker.get(RunLauncher);
    for (const run of cancelled) await launcher.retry(run.id);
    for (const run of cancelled) {
      const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED], 30_000);
      expect(done.state).toBe(RunState.COMPLETED);
      expect(done.concurrencyGroup).toEqual({ key: batch, limit: 1 });
    }
    expect(Number(await redis.get(groupCounterKeys(batch).max))).toBe(1);
  });
});
