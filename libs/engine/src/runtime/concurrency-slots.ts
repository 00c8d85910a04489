import { Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type { FlowContract } from '@relais/contracts';
import type { FlowJobData } from '../launcher/flow-job';
import { FlowConcurrencyLimiter, type FlowLease, type Semaphore } from './flow-concurrency-limiter';
import { SemaphoreWaiters } from './semaphore-waiters';

/**
 * The slots a run waits for before it executes: its concurrency group's (a batch's own limit) and its flow's
 * `concurrencyLimit`. A job that finds no slot goes back to the delayed set without spending an attempt
 * (`DelayedError`), in the semaphore's line of waiters.
 */
@Injectable()
export class ConcurrencySlots {
  constructor(
    private readonly limiter: FlowConcurrencyLimiter,
    private readonly waiters: SemaphoreWaiters,
  ) {}

  /**
   * The slot of the run's concurrency group, if its job has one. Taken before the run is read: a job waiting for
   * its group's slot must stay cheap.
   */
  async forGroup(job: Job<FlowJobData>, token?: string): Promise<FlowLease | null> {
    const group = job.data.concurrencyGroup;
    if (!group) return null;
    return this.acquireOrWait(this.limiter.groupSemaphore(group.key, group.limit), job.data.runId, job, token);
  }

  /** The slot of the flow's `concurrencyLimit`, if it has one. */
  async forFlow(contract: FlowContract, runId: string, job: Job, token?: string): Promise<FlowLease | null> {
    if (!contract.concurrencyLimit) return null;
    const semaphore = this.limiter.flowSemaphore(contract.name, contract.concurrencyLimit);
    return this.acquireOrWait(semaphore, runId, job, token);
  }

  /**
   * A slot of `semaphore`, or the job goes back to the delayed set without spending an attempt, in the
   * semaphore's line of waiters: the run that releases a slot promotes the oldest waiter at once, so no slot
   * idles.
   *
   * The job's delay only covers a wake-up that never comes: one lost to a Redis error, or a holder that died,
   * whose slot is free only once its lease lapses. So it is about a slot's lease (30–60 s by default), not a few
   * seconds: with delays of 0.25 to 4 s, every waiting child of a batch came back again and again to find its
   * group still full (600 files 3 at a time: ~3 600 deliveries instead of ~1 250), each delivery Redis round trips
   * and main-thread time taken from the runs holding the slots, and the runs then started in whatever order their
   * delays ended rather than the line's (docs/benchmarks.md, ingestion).
   */
  private async acquireOrWait(
    semaphore: Semaphore,
    runId: string,
    job: Job,
    token: string | undefined,
  ): Promise<FlowLease> {
    const lease = await this.limiter.tryAcquire(semaphore, runId);
    if (lease) {
      // Only a job that has been active before can have waited.
      if (job.attemptsStarted > 1) await this.waiters.forget(semaphore, job);
      return {
        // Sent together, one round trip for both: they share the command connection, so Redis frees the slot
        // before it pops the next waiter, and that waiter asks for the slot only after its promotion.
        release: async () => {
          await Promise.all([lease.release(), this.waiters.wakeNext(semaphore)]);
        },
      };
    }
    const leaseMs = this.limiter.slotLeaseMs;
    await job.moveToDelayed(Date.now() + leaseMs / 2 + Math.floor((Math.random() * leaseMs) / 2), token);
    await this.waiters.register(semaphore, job);
    // A slot freed between the failed acquire and the registration woke nobody: wake the line now.
    if (await this.limiter.hasRoom(semaphore).catch(() => false)) await this.waiters.wakeNext(semaphore);
    throw new DelayedError();
  }
}
