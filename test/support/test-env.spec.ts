import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { testConfig, testDatabase, testDbKind, testRedisPrefix, waitFor } from './test-env';

describe('test-env', () => {
  it('gives each caller a database of its own on the TEST_DB engine, gone after drop()', async () => {
    const first = await testDatabase();
    const second = await testDatabase();
    expect(first.url).not.toBe(second.url);
    if (testDbKind() === 'sqlite') {
      expect(first.database).toEqual({ kind: 'sqlite', path: expect.stringMatching(/relais\.sqlite$/) as string });
      expect(first.url).toBe(`sqlite:${first.database.kind === 'sqlite' ? first.database.path : ''}`);
    } else {
      expect(first.database).toEqual({ kind: 'mysql', url: first.url });
      expect(first.url).toMatch(/^mysql:\/\/root@127\.0\.0\.1:\d+\/relais_t_[0-9a-f]+$/);
      expect(await mariaDbExists(first.url)).toBe(true);
    }
    await first.drop();
    await second.drop();
    if (first.database.kind === 'sqlite') expect(existsSync(first.database.path)).toBe(false);
    else expect(await mariaDbExists(first.url)).toBe(false);
  });

  it('hands out Redis prefixes that REDIS_PREFIX accepts and that do not repeat', () => {
    const prefixes = new Set(Array.from({ length: 1000 }, () => testRedisPrefix()));
    expect(prefixes.size).toBe(1000);
    for (const prefix of prefixes) expect(prefix).toMatch(/^t[0-9a-f]{8}$/);
  });

  it('builds a validated config on the run Redis, and cleanup() removes its keys, database and data dir', async () => {
    const { config, env, cleanup } = await testConfig({ WORKER_CONCURRENCY: '3' });
    expect(config.redisUrl).toBe(process.env.TEST_REDIS_URL);
    expect(config.redisPrefix).toBe(env.REDIS_PREFIX);
    expect(config.worker.concurrency).toBe(3);
    expect(config.logLevel).toBe('warn');
    expect(config.dataDir).toBe(env.RELAIS_DATA_DIR);
    expect(existsSync(config.dataDir)).toBe(true);

    const redis = new Redis(config.redisUrl);
    try {
      await redis.set(`${config.redisPrefix}:probe`, '1');
      await redis.set(`other${config.redisPrefix}:probe`, '1');
      await cleanup();
      expect(await redis.exists(`${config.redisPrefix}:probe`)).toBe(0);
      expect(await redis.exists(`other${config.redisPrefix}:probe`)).toBe(1);
      await redis.del(`other${config.redisPrefix}:probe`);
    } finally {
      redis.disconnect();
    }
    expect(existsSync(config.dataDir)).toBe(false);
  });

  it('waitFor resolves once the predicate holds and names what it waited for on timeout', async () => {
    let calls = 0;
    await waitFor(() => ++calls >= 3, { intervalMs: 1 });
    expect(calls).toBe(3);
    await expect(
      waitFor(() => Promise.resolve(false), { timeoutMs: 30, intervalMs: 5, message: 'the moon' }),
    ).rejects.toThrow('Timed out after 30 ms waiting for the moon');
  });
});

async function mariaDbExists(url: string): Promise<boolean> {
  const name = url.slice(url.lastIndexOf('/') + 1);
  const connection = await createConnection(process.env.TEST_MYSQL_URL ?? '');
  try {
    const [rows] = await connection.query('SHOW DATABASES LIKE ?', [name]);
    return (rows as unknown[]).length > 0;
  } finally {
    await connection.end();
  }
}
