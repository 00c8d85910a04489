import { randomUUID } from 'node:crypto';
import { RunState, type RunSummary } from '@relais/contracts';
import { REDIS_CLIENT, RedisLock, type RedisClient } from '@relais/engine';
import { RedisSemaphore } from '@relais/integrations';
import { FlowRunRepository } from '@relais/persistence';
import { LiveEventsGateway } from '../../apps/gateway/src/events/live-events.gateway';
import { startWorker, waitForRunState } from '../engine/engine-harness';
import { LIMITED_FLOW, PARENT_FLOW, SLEEP_FLOW, STEPS_FLOW } from '../engine/test-flows';
import { callApi, startGateway, type RunningGateway } from '../gateway/gateway-harness';
import { LiveEventsClient } from '../gateway/live-events-client';
import { command, runContainerProbe, startRedisCluster, type RedisGroup } from './redis-ha-servers';

const RUNS = 20;

/**
 * Relais on a three-node Redis Cluster (REDIS_URL=redis+cluster://…): two gateway replicas (socket.io adapter,
 * rate limiter, health, Bull Board) and a worker, every connection opened through the Cluster client. A key
 * of another slot than its neighbours would fail BullMQ's and Relais's multi-key scripts with CROSSSLOT.
 */
describe('Relais on a Redis Cluster', () => {
  let cluster: RedisGroup;
  let a: RunningGateway;
  let b: RunningGateway;
  let client: LiveEventsClient | undefined;
  /** What beforeAll started, stopped by afterAll in reverse order even when it failed half-way. */
  const started: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    started.push(cluster);
    a = await startGateway({ env: { REDIS_URL: cluster.url } });
    started.push({ stop: a.cleanup }, { stop: a.close });
    b = await startGateway({ shareWith: a });
    started.push({ stop: b.close });
    const worker = await startWorker(a.config);
    started.push({ stop: () => worker.close() });
  });

  afterAll(async () => {
    client?.close();
    for (const part of started.reverse()) await part.stop();
  });

  async function startRun(flow: string, parameters: object): Promise<string> {
    const response = await callApi<RunSummary>(a, 'POST', `/api/flows/${flow}/runs`, { body: { parameters } });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('runs flows end to end, relays their events across replicas, cancels, and keeps every key in one slot', async () => {
    expect(a.config.redisPrefix).toMatch(/^\{t[0-9a-f]{8}\}$/);
    client = await LiveEventsClient.connect(b);
    const runs = a.moduleRef.get(FlowRunRepository);

    const runIds = await Promise.all(Array.from({ length: RUNS }, () => startRun(STEPS_FLOW.name, { steps: 2 })));
    for (const runId of runIds)
      expect((await waitForRunState(runs, runId, [RunState.COMPLETED])).state).toBe('COMPLETED');
    // A parent waiting for its children (BullMQ's dependency scripts touch the parent's keys from the child's),
    // and a flow's concurrency limit (a semaphore and its line of waiters).
    const parent = await startRun(PARENT_FLOW.name, { children: 3, child_ms: 20, failing_children: [1] });
    const limited = await Promise.all(Array.from({ length: 4 }, () => startRun(LIMITED_FLOW.name, { ms: 100 })));
    for (const runId of [parent, ...limited]) {
      expect((await waitForRunState(runs, runId, [RunState.COMPLETED])).state).toBe('COMPLETED');
    }
    expect((await runs.findById(parent))?.result).toMatchObject({ succeeded: 2, failed: 1 });

    // Published by the worker, relayed by replica B's subscription to its client.
    await client.waitForRunEvent(runIds[0], 'flow_completed');

    // A broadcast from replica A reaches B's client through the socket.io adapter's channels on the Cluster.
    const marker = randomUUID();
    a.moduleRef.get(LiveEventsGateway).server.emit('test_broadcast', marker);
    await client.waitForEvent('test_broadcast', (payload) => payload === marker, 'the broadcast from replica A');

    // A cancel request crosses the Cluster's pub/sub from the gateway to the worker running the run.
    const sleeping = await startRun(SLEEP_FLOW.name, { ms: 60_000, cooperative: true });
    await waitForRunState(runs, sleeping, [RunState.RUNNING]);
    expect((await callApi(a, 'POST', `/api/runs/${sleeping}/cancel`)).status).toBe(200);
    expect((await waitForRunState(runs, sleeping, [RunState.CANCELLED])).state).toBe('CANCELLED');
    await client.waitForRunEvent(sleeping, 'flow_cancelled');

    // The scheduler's lock and an integration's semaphore (Lua scripts) on the shared client.
    const redis = a.moduleRef.get<RedisClient>(REDIS_CLIENT);
    expect(await a.moduleRef.get(RedisLock).withLock('cluster-test', 5_000, () => Promise.resolve('held'))).toEqual({
      acquired: true,
      value: 'held',
    });
    const semaphore = new RedisSemaphore(redis, { limit: 1, key: `${a.config.redisPrefix}:limits:cluster-test` });
    expect(await semaphore.run(() => Promise.resolve('slot'))).toBe('slot');

    const health = await callApi<{ redis: boolean }>(a, 'GET', '/api/health', { token: null });
    expect(health.body.redis).toBe(true);
    const board = await callApi<{ queues: { name: string; counts: { completed: number } }[] }>(
      b,
      'GET',
      '/admin/queues/api/queues',
    );
    expect(board.status).toBe(200);
    expect(board.body.queues.find((queue) => queue.name === STEPS_FLOW.queue)?.counts.completed).toBeGreaterThanOrEqual(
      RUNS,
    );

    // Every key (queues, rate limiter, semaphores…) is on the node of one slot: the prefix's hash tag.
    const ports = cluster.url
      .replace('redis+cluster://', '')
      .split(',')
      .map((address) => Number(address.split(':')[1]));
    const keysByNode = await Promise.all(
      ports.map(async (port) => (await command(port, 'KEYS', `${a.config.redisPrefix}:*`)).split(',').filter(Boolean)),
    );
    const keys = keysByNode.flat();
    expect(keysByNode.filter((nodeKeys) => nodeKeys.length > 0)).toHaveLength(1);
    expect(keys.some((key) => key.includes(':ratelimit:'))).toBe(true);
    expect(keys.some((key) => key.endsWith(`${STEPS_FLOW.queue}:meta`))).toBe(true);
    const slots = new Set(await Promise.all(keys.map((key) => command(ports[0], 'CLUSTER', 'KEYSLOT', key))));
    expect(slots.size).toBe(1);
    expect(await redis.exists(`${a.config.redisPrefix}:lock:cluster-test`)).toBe(0);
  });

  it('answers the container probe of the scheduler and workers through the Cluster', async () => {
    expect(await runContainerProbe(cluster.url)).toEqual({ code: 0, stderr: '' });
  });
});
