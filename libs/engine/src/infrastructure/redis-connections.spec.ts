import type { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { closeRedisClient } from './redis-connections';

describe('closeRedisClient', () => {
  const url = process.env.TEST_REDIS_URL as string;

  it('ends a client whose connection dropped before it noticed (QUIT refused), without throwing', async () => {
    // As during a Sentinel failover: the socket is gone, but ioredis has not handled its close yet and still says
    // 'ready'; with no offline queue, QUIT then fails at once ("Stream isn't writeable").
    const client = new Redis(url, { enableOfflineQueue: false, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    await new Promise((resolve) => client.once('ready', resolve));
    await client.ping();
    (client as unknown as { stream: Socket }).stream.destroy();
    expect(client.status).toBe('ready');

    await expect(closeRedisClient(client)).resolves.toBeUndefined();

    if (client.status !== 'end') await new Promise((resolve) => client.once('end', resolve));
    expect(client.status).toBe('end');
  });

  it('QUITs a connected client', async () => {
    const client = new Redis(url);
    await client.ping();
    const ended = new Promise((resolve) => client.once('end', resolve));
    await closeRedisClient(client);
    await ended;
    expect(client.status).toBe('end');
  });
});
