import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { channelsFor, RunState, type RunEvent, type RunStateEvent } from '@relais/contracts';
import { RunEventSubscription } from '../../apps/gateway/src/events/run-event.subscription';
import { freePort } from '../support/free-port';
import type { GuardedProcess } from '../support/guarded-process';
import { startRedisOn } from '../support/redis-on-port';
import { testConfig, waitFor } from '../support/test-env';
import { startGateway } from './gateway-harness';
import { LiveEventsClient } from './live-events-client';

function stateEvent(): RunStateEvent {
  return {
    event: 'flow_status_update',
    runId: randomUUID(),
    flowName: 'test.run-steps',
    state: RunState.PENDING,
    at: new Date().toISOString(),
  };
}

/** Publishes `event` until `received()` says it got through (the subscriber may not be back yet). */
async function publishUntilReceived(redisUrl: string, channel: string, event: RunEvent, received: () => boolean) {
  const publisher = new Redis(redisUrl);
  try {
    await waitFor(
      async () => {
        await publisher.publish(channel, JSON.stringify(event));
        return received();
      },
      { timeoutMs: 30_000, intervalMs: 200, message: `run event ${event.runId} to get through` },
    );
  } finally {
    await publisher.quit();
  }
}

describe('live events while Redis is away', () => {
  it('relays again once Redis is back, to the clients that stayed connected', async () => {
    const port = await freePort();
    let redis = await startRedisOn(port);
    const gateway = await startGateway({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    let client: LiveEventsClient | undefined;
    try {
      client = await LiveEventsClient.connect(gateway);
      await redis.stop();
      redis = await startRedisOn(port);

      const event = stateEvent();
      const watching = client;
      const channel = channelsFor(gateway.config.redisPrefix).runEvents;
      await publishUntilReceived(
        gateway.config.redisUrl,
        channel,
        event,
        () => watching.eventsOf(event.runId).length > 0,
      );
      expect(client.socket.connected).toBe(true);
      expect(client.eventsOf(event.runId)[0]).toEqual(event);
    } finally {
      client?.close();
      await gateway.close();
      await redis.stop();
      await gateway.cleanup();
    }
  });

  it('closes the gateway without an error while Redis is away', async () => {
    const port = await freePort();
    const redis = await startRedisOn(port);
    const gateway = await startGateway({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    try {
      (await LiveEventsClient.connect(gateway)).close();
      await redis.stop();
    } finally {
      await gateway.close();
      await redis.stop();
      await gateway.cleanup();
    }
  });

  it('starts its subscription while Redis is away and subscribes once Redis comes', async () => {
    const port = await freePort();
    const { config, cleanup } = await testConfig({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const subscription = new RunEventSubscription(config);
    const received: RunEvent[] = [];
    subscription.onEvent((event) => received.push(event));
    let redis: GuardedProcess | undefined;
    try {
      await subscription.onModuleInit();
      redis = await startRedisOn(port);
      const event = stateEvent();
      const channel = channelsFor(config.redisPrefix).runEvents;
      await publishUntilReceived(config.redisUrl, channel, event, () => received.length > 0);
      expect(received[0]).toEqual(event);
    } finally {
      await subscription.onModuleDestroy();
      await redis?.stop();
      await cleanup();
    }
  });
});
