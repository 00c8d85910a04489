import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { channelsFor, LIVE_EVENTS_MESSAGES, type RunProgressEvent, type RunSummary } from '@relais/contracts';
import { LiveEventsGateway } from '../../apps/gateway/src/events/live-events.gateway';
import { startWorker } from '../engine/engine-harness';
import { SLEEP_FLOW, STEPS_FLOW } from '../engine/test-flows';
import { callApi, startGateway, type RunningGateway } from './gateway-harness';
import { LiveEventsClient } from './live-events-client';

/**
 * Two replicas of the gateway (A and B) on one database and Redis prefix, and a worker. Runs are started and
 * cancelled through replica A's REST API; clients watch from either replica.
 */
describe('live events across gateway replicas', () => {
  let a: RunningGateway;
  let b: RunningGateway;
  const clients: LiveEventsClient[] = [];
  const workers: TestingModule[] = [];

  async function connect(gateway: RunningGateway): Promise<LiveEventsClient> {
    const client = await LiveEventsClient.connect(gateway);
    clients.push(client);
    return client;
  }

  async function startTestWorker(): Promise<void> {
    workers.push(await startWorker(a.config));
  }

  async function startRun(flow: string, parameters: object): Promise<string> {
    const response = await callApi<RunSummary>(a, 'POST', `/api/flows/${flow}/runs`, { body: { parameters } });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  /**
   * Waits until every copy of the events relayed so far has reached `clients` of `to`. A broadcast that starts
   * on replica `from` goes through the Redis adapter after any copy `from` forwarded before it (one publishing
   * connection, one subscribing connection: order is kept), so once it arrives nothing sent earlier is still on
   * its way. The caller first makes sure `from` has relayed the events (a client of `from` received them).
   */
  async function flushAdapter(from: RunningGateway, to: LiveEventsClient[]): Promise<void> {
    const marker = randomUUID();
    from.moduleRef.get(LiveEventsGateway).server.emit('test_flush', marker);
    for (const client of to) await client.waitForEvent('test_flush', (payload) => payload === marker, 'the flush');
  }

  beforeAll(async () => {
    a = await startGateway();
    b = await startGateway({ shareWith: a });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const worker of workers.splice(0)) await worker.close();
  });

  afterAll(async () => {
    await b.close();
    await a.close();
    await a.cleanup();
  });

  it('shows a client of replica B a run started through replica A, start to completion, each event once', async () => {
    const watcherB = await connect(b);
    const outsiderB = await connect(b);
    const watcherA = await connect(a);

    const runId = await startRun(STEPS_FLOW.name, { steps: 3 });
    for (const watcher of [watcherB, watcherA]) {
      expect(await watcher.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId })).toEqual({
        ok: true,
        runId,
        state: 'PENDING',
      });
    }
    // The run starts only now, so the watchers are in its room before its first log line.
    await startTestWorker();
    await watcherB.waitForRunEvent(runId, 'flow_completed');
    await outsiderB.waitForRunEvent(runId, 'flow_completed');
    await watcherA.waitForRunEvent(runId, 'flow_completed');
    await flushAdapter(a, [watcherB, outsiderB]);
    await flushAdapter(b, [watcherA]);

    for (const watcher of [watcherB, watcherA]) {
      const events = watcher.eventsOf(runId);
      // Exactly once: no event arrived twice (each carries its own timestamp and content).
      const copies = events.map((event) => JSON.stringify(event));
      expect(copies.filter((copy, index) => copies.indexOf(copy) !== index)).toEqual([]);
      const names = events.map((event) => event.event);
      expect(names[0]).toBe('flow_status_update');
      expect(names[1]).toBe('flow_started');
      expect(names.at(-1)).toBe('flow_completed');
      expect(new Set(names.slice(2, -1))).toEqual(new Set(['run_log', 'run_progress']));
      expect(events[0]).toMatchObject({ runId, flowName: STEPS_FLOW.name, state: 'PENDING' });
      expect(events.at(-1)).toMatchObject({ runId, flowName: STEPS_FLOW.name, state: 'COMPLETED' });
      const progress = events.filter((event): event is RunProgressEvent => event.event === 'run_progress');
      expect(progress.map((event) => [Math.round(event.progress), event.message])).toEqual([
        [33, 'step 1/3'],
        [67, 'step 2/3'],
        [100, 'step 3/3'],
      ]);
      const logs = events.flatMap((event) => (event.event === 'run_log' ? [event.message] : []));
      expect(logs.filter((message) => /^step \d done$/.test(message))).toEqual([
        'step 1 done',
        'step 2 done',
        'step 3 done',
      ]);
    }
    // Not in the run's room: the state events only.
    expect(outsiderB.namesOf(runId)).toEqual(['flow_status_update', 'flow_started', 'flow_completed']);
  });

  it('tells every client of both replicas that a running run was cancelled', async () => {
    const clientB = await connect(b);
    const clientA = await connect(a);

    const runId = await startRun(SLEEP_FLOW.name, { ms: 120_000 });
    // Started after the launch was announced, the worker cannot announce the start first.
    await clientB.waitForRunEvent(runId, 'flow_status_update');
    await startTestWorker();
    await clientB.waitForRunEvent(runId, 'flow_started');
    const response = await callApi(a, 'POST', `/api/runs/${runId}/cancel`);
    expect(response.status).toBe(200);
    await clientB.waitForRunEvent(runId, 'flow_cancelled');
    await clientA.waitForRunEvent(runId, 'flow_cancelled');
    await flushAdapter(a, [clientB]);
    await flushAdapter(b, [clientA]);

    for (const client of [clientB, clientA]) {
      expect(client.eventsOf(runId)).toEqual([
        expect.objectContaining({ event: 'flow_status_update', state: 'PENDING' }),
        expect.objectContaining({ event: 'flow_started', state: 'RUNNING' }),
        expect.objectContaining({ event: 'flow_status_update', state: 'CANCELLING' }),
        expect.objectContaining({ event: 'flow_cancelled', state: 'CANCELLED' }),
      ]);
    }
  });

  it('skips a malformed message on the run events channel and relays the next event', async () => {
    const client = await connect(b);
    const publisher = new Redis(a.config.redisUrl);
    try {
      const channel = channelsFor(a.config.redisPrefix).runEvents;
      await publisher.publish(channel, 'not json');
      await publisher.publish(channel, JSON.stringify({ event: 'flow_exploded', runId: 'x', flowName: 'y' }));
    } finally {
      await publisher.quit();
    }
    const runId = await startRun(STEPS_FLOW.name, { steps: 1 });
    await client.waitForRunEvent(runId, 'flow_status_update');
    expect(client.received.map((event) => event.name)).toEqual(['flow_status_update']);
  });

  it('joins the replicas through the Redis adapter: replica A finds the sockets of replica B', async () => {
    const clientB = await connect(b);
    const runId = await startRun(STEPS_FLOW.name, { steps: 1 });
    await clientB.request(LIVE_EVENTS_MESSAGES.subscribeRun, { runId });

    const watchers = await a.moduleRef.get(LiveEventsGateway).server.in(`run:${runId}`).fetchSockets();
    expect(watchers.map((socket) => socket.id)).toEqual([clientB.socket.id]);
  });
});
