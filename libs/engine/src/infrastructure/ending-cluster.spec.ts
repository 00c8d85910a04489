import { closedPort, within } from '../../../../test/support/refused-connections';
import { EndingCluster } from './ending-cluster';

/** A cluster client whose only node refuses connections, once it waits to try again. */
async function clusterWaitingToReconnect(): Promise<EndingCluster> {
  const client = new EndingCluster([{ host: '127.0.0.1', port: await closedPort() }], {
    clusterRetryStrategy: () => 10_000,
  });
  client.on('error', () => undefined);
  await within(new Promise((resolve) => client.once('reconnecting', resolve)), 5000, 'a first refused attempt');
  return client;
}

describe('EndingCluster', () => {
  it('ends when disconnected while it waits to reconnect, rejecting what it had queued', async () => {
    const client = await clusterWaitingToReconnect();
    const queued = client.get('key');
    const ended = new Promise((resolve) => client.once('end', resolve));

    client.disconnect();

    await within(ended, 5000, "the 'end' event");
    expect(client.status).toBe('end');
    await expect(queued).rejects.toThrow('Connection is closed.');
  });

  it('ends when it quits while it waits to reconnect', async () => {
    const client = await clusterWaitingToReconnect();
    const ended = new Promise((resolve) => client.once('end', resolve));

    await client.quit();

    await within(ended, 5000, "the 'end' event");
    expect(client.status).toBe('end');
  });

  it('keeps its class and its nodes when duplicated (BullMQ duplicates the connection it is given)', async () => {
    const port = await closedPort();
    const client = new EndingCluster([{ host: '127.0.0.1', port }], { lazyConnect: true });
    const copy = client.duplicate();

    expect(copy).toBeInstanceOf(EndingCluster);
    expect(copy.options.lazyConnect).toBe(true);
    expect((copy as unknown as { startupNodes: unknown[] }).startupNodes).toEqual([{ host: '127.0.0.1', port }]);
    client.disconnect();
    copy.disconnect();
  });
});
