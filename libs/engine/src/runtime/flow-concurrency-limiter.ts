import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';

/*
 * A counting semaphore in a sorted set: members are run ids, scores their lease expiry. Expired leases (a
 * worker died holding one) are dropped before counting, so a crash never blocks a flow for good.
 */
const ACQUIRE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local expiry = tonumber(ARGV[1]) + tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], expiry, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** A held slot; `release` frees it and stops its renewal. */
export interface FlowLease {
  release(): Promise<void>;
}

/** One Redis semaphore: its sorted set and how many runs may hold it at once. */
export interface Semaphore {
  key: string;
  limit: number;
}

/** Enforces a flow contract's `concurrencyLimit`, and a run's concurrency group, across every worker process. */
@Injectable()
export class FlowConcurrencyLimiter {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
  ) {}

  /** The semaphore of a flow's `concurrencyLimit`, shared by every run of the flow. */
  flowSemaphore(flowName: string, limit: number): Semaphore {
    return { key: `${this.config.redisPrefix}:concurrency:${flowName}`, limit };
  }

  /** The semaphore of a concurrency group (the children of one batch). */
  groupSemaphore(group: string, limit: number): Semaphore {
    return { key: `${this.config.redisPrefix}:concurrency-group:${group}`, limit };
  }

  /**
   * How long a slot stays held without renewal: a worker that died holding one frees it after this long. Twice a
   * job's lock, renewed every quarter of it: a holder alive but slow never loses its slot.
   */
  get slotLeaseMs(): number {
    return this.config.worker.lockDurationMs * 2;
  }

  /** A lease for `runId` if fewer than the limit hold one; null otherwise. */
  async tryAcquire({ key, limit }: Semaphore, runId: string): Promise<FlowLease | null> {
    const leaseMs = this.slotLeaseMs;
    const acquire = async (): Promise<boolean> =>
      (await this.redis.eval(ACQUIRE_SCRIPT, 1, key, Date.now(), leaseMs, limit, runId)) === 1;
    if (!(await acquire())) return null;
    const renewal = setInterval(() => {
      acquire().catch(() => undefined); // A missed renewal is retried at the next tick; the lease outlives two.
    }, leaseMs / 4);
    renewal.unref();
    return {
      release: async () => {
        clearInterval(renewal);
        await this.redis.zrem(key, runId);
      },
    };
  }

  /** Whether a run could take a slot right now (leases that expired do not count). */
  async hasRoom({ key, limit }: Semaphore): Promise<boolean> {
    return (await this.redis.zcount(key, `(${Date.now()}`, '+inf')) < limit;
  }
}
