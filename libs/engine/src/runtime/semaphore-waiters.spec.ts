import { Redis } from 'ioredis';
import { testConfig, type TestConfig } from '../../../../test/support/test-env';
import { QueueRegistry } from '../infrastructure/queue.registry';
import type { Semaphore } from './flow-concurrency-limiter';
import { SemaphoreWaiters } from './semaphore-waiters';

const QUEUE = 'waiters-test';
const AN_HOUR = 60 * 60 * 1000;

describe('SemaphoreWaiters (real Redis, real BullMQ queue)', () => {
  let setup: TestConfig;
  let redis: Redis;
  let queues: QueueRegistry;
  let waiters: SemaphoreWaiters;

  beforeAll(async () => {
    setup = await testConfig();
    redis = new Redis(setup.config.redisUrl);
    queues = new QueueRegistry(setup.config);
    waiters = new SemaphoreWaiters(redis, queues);
  });

  afterAll(async () => {
    await queues.onApplicationShutdown();
    await redis.quit();
    await setup.cleanup();
  });

  /** A semaphore of this test's Redis prefix. */
  const semaphore = (name: string): Semaphore => ({
    key: `${setup.config.redisPrefix}:test-semaphore:${name}`,
    limit: 1,
  });
  /** A job parked in the delayed set for an hour, as a run that found its semaphore full. */
  const parkedJob = (name: string) => queues.get(QUEUE).add(name, {}, { delay: AN_HOUR });

  it('promotes the oldest waiter, and only that one, when a slot is released', async () => {
    const first = await parkedJob('first');
    const second = await parkedJob('second');
    await waiters.register(semaphore('batch-a'), first);
    await waiters.register(semaphore('batch-a'), second);

    await waiters.wakeNext(semaphore('batch-a'));

    expect(await first.getState()).toBe('waiting');
    expect(await second.getState()).toBe('delayed');
  });

  it('keeps a job that waits again in its place in line', async () => {
    const early = await parkedJob('early');
    const late = await parkedJob('late');
    await waiters.register(semaphore('batch-b'), early);
    await waiters.register(semaphore('batch-b'), late);
    await waiters.register(semaphore('batch-b'), early);

    await waiters.wakeNext(semaphore('batch-b'));

    expect(await early.getState()).toBe('waiting');
    expect(await late.getState()).toBe('delayed');
  });

  it('skips waiters that are gone or no longer delayed, and wakes the next real one', async () => {
    const cancelled = await parkedJob('cancelled');
    const alreadyWoken = await parkedJob('woken-by-its-delay');
    const waiting = await parkedJob('still-waiting');
    for (const job of [cancelled, alreadyWoken, waiting]) await waiters.register(semaphore('batch-c'), job);
    await cancelled.remove();
    await alreadyWoken.promote();

    await waiters.wakeNext(semaphore('batch-c'));

    expect(await waiting.getState()).toBe('waiting');
  });

  it('wakes nobody waiting for another semaphore, and does nothing when nobody waits', async () => {
    const other = await parkedJob('other-group');
    await waiters.register(semaphore('batch-d'), other);

    await waiters.wakeNext(semaphore('batch-e'));

    expect(await other.getState()).toBe('delayed');
  });

  it('forgets a waiter that got its slot, so a release does not promote it', async () => {
    const served = await parkedJob('served');
    const next = await parkedJob('next');
    await waiters.register(semaphore('batch-f'), served);
    await waiters.register(semaphore('batch-f'), next);
    await waiters.forget(semaphore('batch-f'), served);

    await waiters.wakeNext(semaphore('batch-f'));

    expect(await served.getState()).toBe('delayed');
    expect(await next.getState()).toBe('waiting');
  });
});
