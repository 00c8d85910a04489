import type { AnyDomain } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type RelaisConfig } from '@relais/config';
import { testDbKind } from './test-db-kind';

export { testDbKind, type TestDbKind } from './test-db-kind';

/** A database of its own for one test file or test: SQLite file or MariaDB database, per TEST_DB. */
export interface TestDatabase {
  /** What `openDatabase()` and RelaisConfig take. */
  database: RelaisConfig['database'];
  /** The same database as a DATABASE_URL (`sqlite:/abs/path` or `mysql://root@127.0.0.1:PORT/relais_t_x`). */
  url: string;
  /** Deletes the database (close your DataSource first). */
  drop(): Promise<void>;
}

/** A validated configuration pointing at a fresh database, Redis prefix and data directory. */
export interface TestConfig {
  config: RelaisConfig;
  /** The environment the config was read from: hand it to a child process to give it the same configuration. */
  env: Record<string, string>;
  /** Drops the database, deletes the Redis keys under the prefix and removes the data directory. */
  cleanup(): Promise<void>;
}

export interface WaitForOptions {
  /** Default 10 000. */
  timeoutMs?: number;
  /** Default 50. */
  intervalMs?: number;
  /** What is awaited, for the timeout's message; a function is called only then (to name the last state seen). */
  message?: string | (() => string);
}

/** A fresh, empty database on TEST_DB's engine (no tables: `openDatabase()` migrates it). */
export async function testDatabase(): Promise<TestDatabase> {
  if (testDbKind() === 'sqlite') {
    const directory = await testTempDir('sqlite-');
    const path = join(directory, 'relais.sqlite');
    return {
      database: { kind: 'sqlite', path },
      url: `sqlite:${path}`,
      drop: () => rm(directory, { recursive: true, force: true }),
    };
  }
  const serverUrl = requiredEnv('TEST_MYSQL_URL', 'globalSetup starts MariaDB when TEST_DB=mariadb');
  const name = `relais_t_${randomBytes(6).toString('hex')}`;
  await onMariaDbServer(serverUrl, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = `${serverUrl.replace(/\/+$/, '')}/${name}`;
  return {
    database: { kind: 'mysql', url },
    url,
    drop: () => onMariaDbServer(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``),
  };
}

/** A Redis key prefix no other test uses (`t` + 8 hex digits): BullMQ queues and channels stay apart. */
export function testRedisPrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/**
 * Builds the environment a Relais process would get (DATABASE_URL, REDIS_URL, REDIS_PREFIX, RELAIS_DATA_DIR,
 * LOG_LEVEL=warn, then `overrides`) on a fresh database, prefix and data directory, and validates it with
 * `loadConfig` exactly as the apps do, with the shipped domains (or `domains`).
 */
export async function testConfig(
  overrides: Record<string, string> = {},
  domains: readonly AnyDomain[] = DOMAINS,
): Promise<TestConfig> {
  const redisUrl = requiredEnv('TEST_REDIS_URL', 'globalSetup starts Redis');
  const database = await testDatabase();
  const dataDir = await testTempDir('data-');
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: testRedisPrefix(),
    RELAIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  const cleanup = async (): Promise<void> => {
    await database.drop();
    // Only on the run's own Redis: a test that points REDIS_URL elsewhere owns what it wrote there.
    if (env.REDIS_URL === redisUrl) await deleteRedisKeys(redisUrl, env.REDIS_PREFIX);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    return { config: loadConfig(env, { dotenv: false, domains }), env, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Polls `predicate` every `intervalMs` until it returns true; throws `Timed out … waiting for <message>`. */
export async function waitFor(
  predicate: () => Promise<boolean> | boolean,
  { timeoutMs = 10_000, intervalMs = 50, message = 'a condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      const awaited = typeof message === 'function' ? message() : message;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${awaited}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A new directory under the run's temporary directory (removed at teardown even if a test forgets). */
export function testTempDir(prefix = 'tmp-'): Promise<string> {
  return mkdtemp(join(process.env.RELAIS_TEST_TMP ?? tmpdir(), prefix));
}

function requiredEnv(name: string, why: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through Jest (${why}) or set it yourself`);
  return value;
}

async function onMariaDbServer(serverUrl: string, sql: string): Promise<void> {
  const connection = await createConnection(serverUrl);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
