import { RunState } from '@relais/contracts';
import type { RelaisConfig } from '@relais/config';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RunEventPublisher } from './run-event.publisher';

/** A Redis client that keeps what was published. */
function publisherWithFakeRedis(): { publisher: RunEventPublisher; messages: string[] } {
  const messages: string[] = [];
  const redis = {
    publish: (_channel: string, message: string) => {
      messages.push(message);
      return Promise.resolve(0);
    },
  } as unknown as RedisClient;
  const config = { redisPrefix: 'relais', secrets: ['hunter2'] } as unknown as RelaisConfig;
  return { publisher: new RunEventPublisher(redis, config), messages };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RunEventPublisher', () => {
  it('sends the events of one turn of the event loop as one message, in order, scrubbed', async () => {
    const { publisher, messages } = publisherWithFakeRedis();
    for (const runId of ['a', 'b', 'c']) {
      publisher.publish({ event: 'flow_started', runId, flowName: 'test.flow', state: RunState.RUNNING });
    }
    publisher.publish({
      event: 'flow_status_update',
      runId: 'a',
      flowName: 'test.flow',
      state: RunState.FAILED,
      error: 'password hunter2',
    });
    expect(messages).toEqual([]);
    await nextTurn();
    expect(messages).toHaveLength(1);
    const events = JSON.parse(messages[0]) as { runId: string; event: string; error?: string }[];
    expect(events.map((event) => `${event.event}:${event.runId}`)).toEqual([
      'flow_started:a',
      'flow_started:b',
      'flow_started:c',
      'flow_status_update:a',
    ]);
    expect(events[3].error).not.toContain('hunter2');
  });

  it('sends an event published alone as the event itself, and what is pending at shutdown at once', async () => {
    const { publisher, messages } = publisherWithFakeRedis();
    publisher.publish({ event: 'flow_completed', runId: 'a', flowName: 'test.flow', state: RunState.COMPLETED });
    await nextTurn();
    publisher.publish({ event: 'flow_started', runId: 'b', flowName: 'test.flow', state: RunState.RUNNING });
    publisher.onApplicationShutdown();
    expect(messages.map((message) => JSON.parse(message) as { runId: string })).toMatchObject([
      { runId: 'a' },
      { runId: 'b' },
    ]);
  });

  it('splits a large turn into messages of at most 200 events', async () => {
    const { publisher, messages } = publisherWithFakeRedis();
    for (let i = 0; i < 450; i++) {
      publisher.publish({ event: 'flow_started', runId: `run-${i}`, flowName: 'test.flow', state: RunState.RUNNING });
    }
    await nextTurn();
    expect(messages.map((message) => (JSON.parse(message) as unknown[]).length)).toEqual([200, 200, 50]);
  });
});
