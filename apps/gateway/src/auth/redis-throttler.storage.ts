import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { errorMessage, type RedisClient } from '@relais/engine';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key: INCR, set its expiry on the first hit; over the limit, a block key for the block
 * duration. Atomic, so replicas counting the same client at once never lose a hit.
 * KEYS: hits, block. ARGV: window ms, limit, block ms. Returns hits, window ms left, blocked (0/1), block ms left.
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {hits, ttl, 1, blocked} end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

/** How often a Redis outage is reported while requests go through unthrottled. */
const OUTAGE_REPORT_INTERVAL_MS = 60_000;

/**
 * The rate limiter's counters in Redis, under `<REDIS_PREFIX>:ratelimit:`, so that every gateway replica draws on
 * the same budget per client. A fixed window can let a client through up to twice its limit across a window
 * boundary; that is enough to stop a runaway script, which is what the limit is for.
 *
 * When Redis cannot be reached requests are let through (and the outage logged): the limit protects capacity,
 * not access, and the health endpoint already reports Redis down.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly keyPrefix: string;
  private lastOutageReport = 0;

  constructor(
    private readonly redis: RedisClient,
    redisPrefix: string,
  ) {
    this.keyPrefix = `${redisPrefix}:ratelimit:`;
  }

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const hitsKey = `${this.keyPrefix}${throttlerName}:${key}`;
    try {
      const reply = (await this.redis.eval(
        INCREMENT_SCRIPT,
        2,
        hitsKey,
        `${hitsKey}:blocked`,
        String(ttlMs),
        String(limit),
        String(Math.max(blockDurationMs, 1)),
      )) as [number, number, number, number];
      const [totalHits, windowLeftMs, blocked, blockLeftMs] = reply;
      // Nest's throttler works in seconds (Retry-After, X-RateLimit-Reset).
      return {
        totalHits,
        timeToExpire: Math.ceil(windowLeftMs / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockLeftMs / 1000),
      };
    } catch (error) {
      this.reportOutage(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private reportOutage(error: unknown): void {
    const now = Date.now();
    if (now - this.lastOutageReport < OUTAGE_REPORT_INTERVAL_MS) return;
    this.lastOutageReport = now;
    this.logger.warn(`Rate limiting suspended, Redis unreachable: ${errorMessage(error)}`);
  }
}
