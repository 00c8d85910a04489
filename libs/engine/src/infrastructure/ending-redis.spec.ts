import { createServer } from 'node:net';
import { EndingRedis } from './ending-redis';

/** A port on loopback that nothing listens on: every connection attempt is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with `promise`'s outcome, or rejects saying what did not happen within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('EndingRedis', () => {
  it('ends when disconnected while it waits to reconnect, rejecting what it had queued', async () => {
    const client = new EndingRedis(`redis://127.0.0.1:${await closedPort()}`, {
      retryStrategy: () => 10_000,
      maxRetriesPerRequest: null,
    });
    client.on('error', () => undefined);
    await within(new Promise((resolve) => client.once('reconnecting', resolve)), 5000, 'a first refused attempt');
    const queued = client.get('key');
    const ended = new Promise((resolve) => client.once('end', resolve));

    client.disconnect();

    await within(ended, 5000, "the 'end' event");
    expect(client.status).toBe('end');
    await expect(queued).rejects.toThrow('Connection is closed.');
  });
});
