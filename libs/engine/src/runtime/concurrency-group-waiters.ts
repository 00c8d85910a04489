import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage } from '../errors';
import { QueueRegistry } from '../infrastructure/queue-registry';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';

/** How many stale entries (jobs no longer delayed) one release may skip before giving up. */
const MAX_SKIPPED = 5;
/** A waiters set nobody touched for this long belongs to a batch that is over. */
const WAITERS_TTL_MS = 24 * 60 * 60 * 1000;

interface Waiter {
  queue: string;
  jobId: string;
}

/**
 * The jobs parked in the delayed set because their concurrency group was full, oldest first, so that the run
 * releasing a slot can promote the next one at once instead of leaving the slot idle until that job's delay
 * (up to a few seconds) expires. The delay stays as the fallback: a wake-up lost to a race (a slot freed
 * between a job's failed acquire and its registration) costs only that delay.
 */
@Injectable()
export class ConcurrencyGroupWaiters {
  private readonly logger = new Logger(ConcurrencyGroupWaiters.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * Records a job that has just been moved to the delayed set to wait for a slot of `group`. Never throws: a
   * job that could not get in line still wakes when its delay ends.
   */
  async register(group: string, job: Job): Promise<void> {
    const key = this.keyOf(group);
    // NX: a job that waits again keeps its place in line.
    await this.bestEffort('register a waiter', () =>
      this.redis.multi().zadd(key, 'NX', Date.now(), memberOf(job)).pexpire(key, WAITERS_TTL_MS).exec(),
    );
  }

  /** Forgets a job that got its slot (it may have been woken by its delay rather than by a release). */
  async forget(group: string, job: Job): Promise<void> {
    await this.bestEffort('forget a waiter', () => this.redis.zrem(this.keyOf(group), memberOf(job)));
  }

  /**
   * Promotes the oldest job still waiting for `group`, after one of its slots was released. Never throws: the
   * run that released the slot has ended, and its outcome must not depend on waking another one.
   */
  async wakeNext(group: string): Promise<void> {
    const key = this.keyOf(group);
    await this.bestEffort('wake a waiter', async () => {
      for (let skipped = 0; skipped <= MAX_SKIPPED; skipped++) {
        // [member, score], or [] once nobody waits.
        const popped = await this.redis.zpopmin(key);
        if (popped.length === 0) return;
        if (await this.promote(JSON.parse(popped[0]) as Waiter)) return;
      }
    });
  }

  private async bestEffort(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.warn(`Could not ${what} (the waiting job's delay covers it): ${errorMessage(error)}`);
    }
  }

  private async promote({ queue, jobId }: Waiter): Promise<boolean> {
    try {
      const job = await this.queues.get(queue).getJob(jobId);
      if (!job || !(await job.isDelayed())) return false;
      await job.promote();
      return true;
    } catch (error) {
      // Promoted by its delay or removed (cancelled) in the meantime: wake the next one instead.
      this.logger.debug(`Could not promote job ${jobId} of ${queue}: ${errorMessage(error)}`);
      return false;
    }
  }

  private keyOf(group: string): string {
    return `${this.config.redisPrefix}:concurrency-group:${group}:waiters`;
  }
}

function memberOf(job: Job): string {
  return JSON.stringify({ queue: job.queueName, jobId: job.id } satisfies Partial<Waiter>);
}
