import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { LeaseLostError } from '../errors';
import { LuaScript } from '../infrastructure/lua-script';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';

/** Takes the lease, or keeps it if this delivery already holds it. */
const ACQUIRE_SCRIPT = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`);
/** Extends the lease only while this delivery holds it. */
const RENEW_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`);
const RELEASE_SCRIPT = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** A run's lease, held by one delivery of its job. */
export interface RunLease {
  /** Throws LeaseLostError unless the lease is surely still held: checked before each step. */
  assertHeld(): void;
  release(): Promise<void>;
}

/**
 * One lease per run (`<prefix>:run-lease:<runId>`, the delivery's lock token, WORKER_LOCK_DURATION_MS long), so
 * that a run never executes in two places at once: when a worker stalls (Redis paused, an event loop blocked)
 * its job's lock expires and BullMQ hands the job to another delivery, while the first may still be running.
 *
 * The holder renews the lease every quarter of its duration and counts it lost once half of it has passed
 * without a renewal it could see succeed (Redis unreachable, paused): the attempt is then aborted by its own
 * clock, before the lease can have expired in Redis, so before any other delivery can take it.
 */
@Injectable()
export class RunLeases {
  private readonly leaseMs: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
  ) {
    this.leaseMs = config.worker.lockDurationMs;
  }

  /**
   * The run's lease for the delivery holding `token`, or null if another delivery holds it. `onLost` is called
   * once if the lease is lost (taken over, or not renewed in time).
   */
  async acquire(runId: string, token: string, onLost: (error: LeaseLostError) => void): Promise<RunLease | null> {
    const key = `${this.config.redisPrefix}:run-lease:${runId}`;
    const askedAt = Date.now();
    // A free lease (every first delivery) is one plain SET; the script, which also lets the delivery that holds
    // the lease take it again, runs only when the key exists.
    const taken = (await this.redis.set(key, token, 'PX', this.leaseMs, 'NX')) === 'OK';
    if (!taken && (await ACQUIRE_SCRIPT.run(this.redis, [key], [token, this.leaseMs])) !== 1) return null;
    let renewedAt = askedAt;
    let lost: LeaseLostError | null = null;
    const loseIt = (reason: string): void => {
      if (lost) return;
      lost = new LeaseLostError(reason);
      clearInterval(timer);
      onLost(lost);
    };
    const overdue = (): boolean => Date.now() - renewedAt > this.leaseMs / 2;
    const timer = setInterval(() => {
      if (overdue()) {
        loseIt(`not renewed for ${Date.now() - renewedAt} ms`);
        return;
      }
      const sentAt = Date.now();
      RENEW_SCRIPT.run(this.redis, [key], [token, this.leaseMs]).then(
        (held) => {
          if (held === 1) renewedAt = Math.max(renewedAt, sentAt);
          else loseIt('taken over by another delivery');
        },
        () => undefined, // Retried at the next tick; overdue() decides when it is too late.
      );
    }, this.leaseMs / 4);
    timer.unref();
    return {
      assertHeld: () => {
        if (!lost && overdue()) loseIt(`not renewed for ${Date.now() - renewedAt} ms`);
        if (lost) throw lost;
      },
      release: async () => {
        clearInterval(timer);
        if (!lost) await RELEASE_SCRIPT.run(this.redis, [key], [token]);
      },
    };
  }
}
