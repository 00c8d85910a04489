import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage } from '../errors';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';

/** What `withLock` did: ran `fn` and got its value, or found the lock taken and ran nothing. */
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

export interface LockOptions {
  /** Keep trying this long when another holder has the lock; 0 (the default) gives up at once. */
  waitMs?: number;
}

// Only the holder (same token) may release or extend: a holder that overran its TTL must not delete or prolong
// the lock a successor now holds.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

const RETRY_DELAY_MS = 100;

/**
 * A mutual-exclusion lock across every process on the same Redis and prefix (`SET key token NX PX`), used so that
 * only one scheduler replica at a time rewrites job schedulers or reconciles runs. Single Redis instance, no
 * Redlock: Relais runs on one Redis, and the guarded work is idempotent, so a rare overlap after a failover
 * costs a repeated no-op, not a duplicate run.
 */
@Injectable()
export class RedisLock {
  private readonly logger = new Logger(RedisLock.name);
  private readonly keyPrefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
  ) {
    this.keyPrefix = `${config.redisPrefix}:lock:`;
  }

  /**
   * Runs `fn` while holding the lock `name`, released when `fn` settles. The lock expires after `ttlMs` if this
   * process dies; while `fn` runs it is extended every third of `ttlMs`, so slow work is not overtaken.
   */
  async withLock<T>(
    name: string,
    ttlMs: number,
    fn: () => Promise<T>,
    options: LockOptions = {},
  ): Promise<LockOutcome<T>> {
    const key = this.keyPrefix + name;
    const token = randomUUID();
    const deadline = Date.now() + (options.waitMs ?? 0);
    while (!(await this.tryAcquire(key, token, ttlMs))) {
      if (Date.now() >= deadline) return { acquired: false };
      await sleep(Math.min(RETRY_DELAY_MS, Math.max(deadline - Date.now(), 1)));
    }
    const renewal = setInterval(
      () => {
        this.extend(key, token, ttlMs).catch((error: unknown) => {
          this.logger.warn(`Could not extend lock "${name}": ${errorMessage(error)}`);
        });
      },
      Math.max(Math.floor(ttlMs / 3), 10),
    );
    renewal.unref();
    try {
      return { acquired: true, value: await fn() };
    } finally {
      clearInterval(renewal);
      await this.release(key, token, name);
    }
  }

  private async tryAcquire(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  private async extend(key: string, token: string, ttlMs: number): Promise<void> {
    const extended = await this.redis.eval(EXTEND_SCRIPT, 1, key, token, String(ttlMs));
    if (extended !== 1) this.logger.warn(`Lock "${key}" was lost while held (expired or taken over)`);
  }

  private async release(key: string, token: string, name: string): Promise<void> {
    try {
      await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
    } catch (error) {
      // The work is done; an unreleased lock only delays the next holder until its TTL runs out.
      this.logger.warn(`Could not release lock "${name}": ${errorMessage(error)}`);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
