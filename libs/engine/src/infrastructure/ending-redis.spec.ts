import { closedPort, within } from '../../../../test/support/refused-connections';
import { EndingRedis } from './ending-redis';

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
