import { Redis } from 'ioredis';
import { testRedisPrefix, waitFor } from '../../../../test/support/test-env';
import { RedisThrottlerStorage } from './redis-throttler.storage';

describe('RedisThrottlerStorage', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? '');
  });

  beforeEach(() => {
    prefix = testRedisPrefix();
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('counts hits per key in one window and blocks past the limit, for every instance sharing Redis', async () => {
    const replicaA = new RedisThrottlerStorage(redis, prefix);
    const replicaB = new RedisThrottlerStorage(redis, prefix);
    const hits = [];
    for (let i = 0; i < 3; i++) {
      hits.push(await replicaA.increment('token:a', 60_000, 4, 30_000, 'default'));
      hits.push(await replicaB.increment('token:a', 60_000, 4, 30_000, 'default'));
    }
    expect(hits.map((hit) => [hit.totalHits, hit.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
      [6, true],
    ]);
    expect(hits[0].timeToExpire).toBeGreaterThan(0);
    expect(hits[0].timeToExpire).toBeLessThanOrEqual(60);
    expect(hits[4].timeToBlockExpire).toBeGreaterThan(0);
    expect(hits[4].timeToBlockExpire).toBeLessThanOrEqual(30);

    const other = await replicaA.increment('token:b', 60_000, 4, 30_000, 'default');
    expect([other.totalHits, other.isBlocked]).toEqual([1, false]);
    expect(await redis.pttl(`${prefix}:ratelimit:default:token:a`)).toBeGreaterThan(0);
    expect(await redis.pttl(`${prefix}:ratelimit:default:token:a:blocked`)).toBeGreaterThan(0);
  });

  it('starts a new window once the previous one has expired', async () => {
    const storage = new RedisThrottlerStorage(redis, prefix);
    expect((await storage.increment('ip:127.0.0.1', 200, 1, 200, 'default')).isBlocked).toBe(false);
    expect((await storage.increment('ip:127.0.0.1', 200, 1, 200, 'default')).isBlocked).toBe(true);
    await waitForKeyToExpire(`${prefix}:ratelimit:default:ip:127.0.0.1`);
    await waitForKeyToExpire(`${prefix}:ratelimit:default:ip:127.0.0.1:blocked`);
    const fresh = await storage.increment('ip:127.0.0.1', 200, 1, 200, 'default');
    expect([fresh.totalHits, fresh.isBlocked]).toEqual([1, false]);
  });

  it('lets requests through while Redis is unreachable', async () => {
    const offline = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const storage = new RedisThrottlerStorage(offline, prefix);
    const record = await storage.increment('token:a', 60_000, 1, 60_000, 'default');
    expect(record.isBlocked).toBe(false);
    offline.disconnect();
  });

  async function waitForKeyToExpire(key: string): Promise<void> {
    await waitFor(async () => (await redis.exists(key)) === 0, { message: `${key} to expire` });
  }
});
