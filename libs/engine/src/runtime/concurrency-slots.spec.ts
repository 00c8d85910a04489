import { DelayedError, type Job } from 'bullmq';
import type { FlowContract } from '@relais/contracts';
import type { FlowJobData } from '../launcher/flow-job';
import { ConcurrencySlots } from './concurrency-slots';
import type { FlowConcurrencyLimiter, FlowLease, Semaphore } from './flow-concurrency-limiter';
import type { SemaphoreWaiters } from './semaphore-waiters';

const SLOT_LEASE_MS = 60_000;

/** A limiter whose group is full or has room, as the test says; the Redis side is SemaphoreWaiters' spec's. */
function limiterWith(room: boolean): FlowConcurrencyLimiter {
  const lease: FlowLease = { release: () => Promise.resolve() };
  return {
    slotLeaseMs: SLOT_LEASE_MS,
    groupSemaphore: (key: string, limit: number): Semaphore => ({ key: `group:${key}`, limit }),
    flowSemaphore: (flow: string, limit: number): Semaphore => ({ key: `flow:${flow}`, limit }),
    tryAcquire: () => Promise.resolve(room ? lease : null),
    hasRoom: () => Promise.resolve(false),
  } as unknown as FlowConcurrencyLimiter;
}

function waitersLine(): SemaphoreWaiters & { registered: string[] } {
  const registered: string[] = [];
  return {
    registered,
    register: (_semaphore: Semaphore, job: Job) => {
      registered.push(String(job.id));
      return Promise.resolve();
    },
    forget: () => Promise.resolve(),
    wakeNext: () => Promise.resolve(),
  } as unknown as SemaphoreWaiters & { registered: string[] };
}

/** A job of a batch's child, delivered for the `attemptsStarted`-th time; records where it was delayed to. */
function childJob(attemptsStarted: number): Job<FlowJobData> & { delayedUntil: number | null } {
  const job = {
    id: `job-${attemptsStarted}`,
    attemptsStarted,
    data: { runId: `run-${attemptsStarted}`, concurrencyGroup: { key: 'batch-1:files', limit: 3 } },
    delayedUntil: null as number | null,
    moveToDelayed: (timestamp: number) => {
      job.delayedUntil = timestamp;
      return Promise.resolve();
    },
  };
  return job as unknown as Job<FlowJobData> & { delayedUntil: number | null };
}

describe('ConcurrencySlots.forGroup', () => {
  it('parks a job that finds its group full in the line, for about a slot lease whatever its deliveries', async () => {
    const waiters = waitersLine();
    const slots = new ConcurrencySlots(limiterWith(false), waiters);
    for (const attemptsStarted of [1, 2, 3, 5, 8]) {
      const job = childJob(attemptsStarted);
      const before = Date.now();
      await expect(slots.forGroup(job, 'token')).rejects.toBeInstanceOf(DelayedError);
      // Woken by the run that frees a slot; the delay only covers a wake-up that never comes, so it is not the
      // few seconds that brought every waiting child back again and again.
      expect(job.delayedUntil).not.toBeNull();
      expect(job.delayedUntil! - before).toBeGreaterThanOrEqual(SLOT_LEASE_MS / 2);
      expect(job.delayedUntil! - Date.now()).toBeLessThanOrEqual(SLOT_LEASE_MS);
    }
    expect(waiters.registered).toEqual(['job-1', 'job-2', 'job-3', 'job-5', 'job-8']);
  });

  it("parks a run that finds its flow's concurrency limit reached the same way", async () => {
    const job = childJob(4);
    const before = Date.now();
    const slots = new ConcurrencySlots(limiterWith(false), waitersLine());
    const contract = { name: 'test.limited', concurrencyLimit: 2 } as FlowContract;
    await expect(slots.forFlow(contract, 'run-4', job, 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(job.delayedUntil! - before).toBeGreaterThanOrEqual(SLOT_LEASE_MS / 2);
    expect(job.delayedUntil! - Date.now()).toBeLessThanOrEqual(SLOT_LEASE_MS);
  });

  it('hands a slot to a job whose group has room, without delaying it', async () => {
    const job = childJob(1);
    const lease = await new ConcurrencySlots(limiterWith(true), waitersLine()).forGroup(job, 'token');
    expect(lease).not.toBeNull();
    expect(job.delayedUntil).toBeNull();
  });

  it('has nothing to take for a job outside any group', async () => {
    const job = childJob(1);
    delete (job.data as Partial<FlowJobData>).concurrencyGroup;
    expect(await new ConcurrencySlots(limiterWith(false), waitersLine()).forGroup(job)).toBeNull();
  });
});
