import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { ConcurrencyLimit } from './concurrency-limit';

export interface RedisSemaphoreOptions {
  /** Slots shared by every process using the same key. */
  limit: number;
  /** Redis key of the slots (a sorted set of holders scored by lease expiry). */
  key: string;
  /**
   * A holder whose process died frees its slot after this long. Leases are renewed every third of it while the
   * task runs, so a long task keeps its slot.
   */
  leaseMs?: number;
  /** Longest wait between two tries for a slot (tries back off from 25 ms up to this, with jitter). */
  maxPollMs?: number;
}

// Takes a slot if fewer than `limit` unexpired holders exist. Expiries are read on Redis's clock (TIME), so the
// clocks of the worker machines do not matter.
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

// Extends a lease still held (a holder whose lease already expired and was removed does not come back).
const RENEW = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', nowMs + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1`;

/**
 * A concurrency limit that holds across every process sharing a Redis: an outside service's limit per client
 * (Wikimedia's 5 concurrent Query Service requests) stays true with several workers and gateways. A crashed
 * holder's slot comes back after its lease.
 */
export class RedisSemaphore implements ConcurrencyLimit {
  private holders = 0;
  private readonly leaseMs: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: RedisSemaphoreOptions,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`RedisSemaphore limit must be a positive integer, got ${options.limit}`);
    }
    this.leaseMs = options.leaseMs ?? 120_000;
    this.maxPollMs = options.maxPollMs ?? 250;
  }

  get inUse(): number {
    return this.holders;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const holder = randomUUID();
    await this.acquire(holder, signal);
    this.holders += 1;
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, this.options.key, this.leaseMs, holder).catch(() => undefined);
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      this.holders -= 1;
      // A release that fails (Redis down) is repaired by the lease's expiry.
      await this.redis.zrem(this.options.key, holder).catch(() => undefined);
    }
  }

  private async acquire(holder: string, signal?: AbortSignal): Promise<void> {
    for (let delay = 25; ; delay = Math.min(delay * 2, this.maxPollMs)) {
      signal?.throwIfAborted();
      const taken = await this.redis.eval(ACQUIRE, 1, this.options.key, this.options.limit, this.leaseMs, holder);
      if (taken === 1) return;
      await pause(delay / 2 + Math.random() * (delay / 2), signal);
    }
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
