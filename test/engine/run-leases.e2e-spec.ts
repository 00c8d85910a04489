import { Redis } from 'ioredis';
import { RunLeases } from '../../libs/engine/src/runtime/run-leases';
import { testConfig, type TestConfig } from '../support/test-env';

/** The run lease on a real Redis: one delivery at a time, the holder may take it again, released for the next. */
describe('RunLeases', () => {
  let setup: TestConfig;
  let redis: Redis;
  let leases: RunLeases;

  beforeAll(async () => {
    setup = await testConfig({ WORKER_LOCK_DURATION_MS: '30000' });
    redis = new Redis(setup.config.redisUrl);
    leases = new RunLeases(redis, setup.config);
  });

  afterAll(async () => {
    await redis.quit();
    await setup.cleanup();
  });

  it('gives a free lease, refuses it to another delivery while held, lets the holder take it again', async () => {
    const first = await leases.acquire('run-a', 'token-1', () => undefined);
    expect(first).not.toBeNull();
    await expect(leases.acquire('run-a', 'token-2', () => undefined)).resolves.toBeNull();
    const again = await leases.acquire('run-a', 'token-1', () => undefined);
    expect(again).not.toBeNull();
    const ttl = await redis.pttl(`${setup.config.redisPrefix}:run-lease:run-a`);
    expect(ttl).toBeGreaterThan(25_000);
    await again?.release();
    await first?.release();
    const next = await leases.acquire('run-a', 'token-2', () => undefined);
    expect(next).not.toBeNull();
    await next?.release();
  });

  it('does not release a lease another delivery has taken since', async () => {
    const key = `${setup.config.redisPrefix}:run-lease:run-b`;
    const mine = await leases.acquire('run-b', 'token-1', () => undefined);
    // Lapsed in Redis and taken by another delivery while this one was paused.
    await redis.set(key, 'token-2', 'PX', 30_000);
    await mine?.release();
    await expect(redis.get(key)).resolves.toBe('token-2');
  });
});
