import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { probeQueues } from './queue-probe';
import { freePort, LocalRedisServer } from './testing/redis-server.testing';

describe('probeQueues', () => {
  let server: LocalRedisServer;
  let connection: Redis;
  const queues = new Map<string, Queue>();

  function queueNamed(name: string): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix: 'health-spec' });
      queues.set(name, queue);
    }
    return queue;
  }

  beforeAll(async () => {
    server = await LocalRedisServer.start();
    connection = new Redis(server.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    connection.disconnect();
    await server.stop();
  });

  it('counts waiting, prioritized, delayed, failed and completed jobs of each queue', async () => {
    const queue = queueNamed('counted');
    await queue.addBulk([
      { name: 'ok', data: { fail: false } },
      { name: 'ok', data: { fail: false } },
      { name: 'ko', data: { fail: true } },
    ]);
    const workerConnection = new Redis(server.url, { maxRetriesPerRequest: null });
    const worker = new Worker(
      'counted',
      async (job) => {
        if ((job.data as { fail: boolean }).fail) throw new Error('planned failure');
        return Promise.resolve('done');
      },
      { connection: workerConnection, prefix: 'health-spec' },
    );
    await new Promise<void>((resolve) => {
      let finished = 0;
      const count = (): void => {
        finished += 1;
        if (finished === 3) resolve();
      };
      worker.on('completed', count);
      worker.on('failed', count);
    });
    await worker.close();
    workerConnection.disconnect();
    await queue.add('later', {}, { delay: 60_000 });
    await queue.add('urgent', {}, { priority: 1 });
    await queue.add('plain', {});

    const [measured] = await probeQueues(['counted'], queueNamed);

    expect(measured).toEqual({
      queue: 'counted',
      counts: { waiting: 1, prioritized: 1, delayed: 1, active: 0, failed: 1, completed: 2 },
    });
  });

  it('reports an empty queue with zero counts', async () => {
    await expect(probeQueues(['empty'], queueNamed)).resolves.toEqual([
      { queue: 'empty', counts: { waiting: 0, prioritized: 0, delayed: 0, active: 0, failed: 0, completed: 0 } },
    ]);
  });

  it('reports a queue it cannot read with the error, within the timeout, without throwing', async () => {
    // The producer connection of the engine: no offline queue, so a command fails instead of waiting.
    const unreachable = new Redis({
      port: await freePort(),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      disconnectTimeout: 10, // no 2 s timer after the failed connect
    });
    unreachable.on('error', () => undefined); // provoked on purpose; the finding carries the error
    const queue = new Queue('unreachable', { connection: unreachable });
    queue.on('error', () => undefined); // BullMQ re-emits the connection's errors
    const started = Date.now();

    try {
      const measured = await probeQueues(
        ['unreachable', 'empty'],
        (name) => (name === 'unreachable' ? queue : queueNamed(name)),
        {
          timeoutMs: 500,
        },
      );

      expect(measured[0]).toEqual({
        queue: 'unreachable',
        error: expect.stringMatching(/closed|writeable|ECONNREFUSED|no answer/i) as string,
      });
      expect(measured[1]).toMatchObject({ queue: 'empty', counts: expect.any(Object) as object });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      unreachable.disconnect();
    }
  });
});
