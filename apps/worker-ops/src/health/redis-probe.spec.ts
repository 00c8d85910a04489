import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { probeRedis } from './redis-probe';
import { freePort, LocalRedisServer } from './testing/redis-server.testing';

describe('probeRedis', () => {
  let server: LocalRedisServer;
  const clients: Redis[] = [];

  /** Options of the engine's command connection: retries forever, queues commands while disconnected. */
  function client(port: number): Redis {
    const redis = new Redis({
      port,
      host: '127.0.0.1',
      maxRetriesPerRequest: 3,
      retryStrategy: (times) => Math.min(times * 200, 5000),
      // A half-closed test socket would otherwise keep Jest waiting 2 s after disconnect().
      disconnectTimeout: 100,
    });
    // Connection errors are what these specs provoke; ioredis would print each one as unhandled.
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  }

  beforeAll(async () => {
    server = await LocalRedisServer.start();
  });

  afterAll(async () => {
    for (const redis of clients) if (redis.status !== 'end') redis.disconnect();
    await server.stop();
  });

  it('reports an answering Redis as up with its latency and memory use', async () => {
    const measured = await probeRedis(client(server.port));

    expect(measured).toEqual({
      state: 'up',
      latencyMs: expect.any(Number) as number,
      usedMemoryBytes: expect.any(Number) as number,
      maxMemoryBytes: 0,
      infoError: null,
    });
    if (measured.state === 'up') expect(measured.usedMemoryBytes).toBeGreaterThan(0);
  });

  it('reports Redis on a closed port as down within the timeout', async () => {
    const redis = client(await freePort());
    const started = Date.now();

    const measured = await probeRedis(redis, { timeoutMs: 500 });

    expect(measured).toMatchObject({ state: 'down', error: expect.any(String) as string });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a server that accepts connections but never answers as down after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');

    const redis = client(address.port);
    try {
      const measured = await probeRedis(redis, { timeoutMs: 300 });

      expect(measured).toMatchObject({ state: 'down', error: 'Redis PING: no answer within 300 ms' });
      if (measured.state === 'down') expect(measured.elapsedMs).toBeGreaterThanOrEqual(295);
    } finally {
      // Disconnect before the server goes, or ioredis would reconnect to a closed port and linger.
      redis.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a closed client as down at once', async () => {
    const redis = client(server.port);
    await redis.quit();

    await expect(probeRedis(redis, { timeoutMs: 5000 })).resolves.toMatchObject({
      state: 'down',
      error: expect.stringMatching(/closed/i) as string,
    });
  });
});
