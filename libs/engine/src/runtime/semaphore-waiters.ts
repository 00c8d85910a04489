import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { RedisClient } from '../infrastructure/redis-connections';
import { errorMessage } from '../errors';
import { QueueRegistry } from '../infrastructure/queue.registry';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';
import type { Semaphore } from './flow-concurrency-limiter';

/** How many stale entries (jobs no longer delayed) one release may skip before giving up. */
const MAX_SKIPPED = 5;
/** A waiters set nobody touched for this long belongs to a batch that is over. */
const WAITERS_TTL_MS = 24 * 60 * 60 * 1000;

interface Waiter {
  queue: string;
  jobId: string;
}

/**
 * The line of jobs parked in the delayed set because a semaphore (a flow's concurrency limit, a batch's
 * concurrency group) was full, oldest first, so that the run releasing a slot can promote the next one at once
 * instead of leaving the slot idle until that job's delay expires. The delay stays as the fallback for a
 * wake-up lost to a Redis error.
 */
@Injectable()
export class SemaphoreWaiters {
  private readonly logger = new Logger(SemaphoreWaiters.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * Records a job that has just been moved to the delayed set to wait for a slot of `semaphore`. Never throws: a
   * job that could not get in line still wakes when its delay ends.
   */
  async register(semaphore: Semaphore, job: Job): Promise<void> {
    const key = this.keyOf(semaphore);
    // NX: a job that waits again keeps its place in line.
    await this.bestEffort('register a waiter', () =>
      this.redis.multi().zadd(key, 'NX', Date.now(), memberOf(job)).pexpire(key, WAITERS_TTL_MS).exec(),
    );
  }

  /** Forgets a job that got its slot (it may have been woken by its delay rather than by a release). */
  async forget(semaphore: Semaphore, job: Job): Promise<void> {
    await this.bestEffort('forget a waiter', () => this.redis.zrem(this.keyOf(semaphore), memberOf(job)));
  }

  /**
   * Promotes the oldest job still waiting for `semaphore`, after one of its slots was released. Never throws: the
   * run that released the slot has ended, and its outcome must not depend on waking another one.
   */
  async wakeNext(semaphore: Semaphore): Promise<void> {
    const key = this.keyOf(semaphore);
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

  private keyOf(semaphore: Semaphore): string {
    return `${semaphore.key}:waiters`;
  }
}

function memberOf(job: Job): string {
  return JSON.stringify({ queue: job.queueName, jobId: job.id } satisfies Partial<Waiter>);
}
