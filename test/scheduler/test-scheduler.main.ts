/*
 * A scheduler replica as a process of its own, for tests that SIGKILL one: the scheduler app's module with the
 * schedule test flows and the deployments in TEST_DEPLOYMENTS (JSON), configured from the environment.
 *
 * TEST_FAULT=die-holding-trigger makes it the replica of issue 16 item 12, in its worst case: each trigger it takes,
 * it never queues the trigger's next firing (its call hangs, as if SIGKILL landed between BullMQ's taking the
 * trigger and queueing the next one), and it also holds the schedules lock, as if it were in the middle of a
 * schedules pass; then it prints `holding <trigger job id>`, and the test SIGKILLs it.
 *
 * TEST_FAULT=die-firing makes it a replica that dies while firing a trigger (after BullMQ queued the next one): the
 * first firing it starts never ends; it prints `firing <deployment> <scheduled at>`, and the test SIGKILLs it.
 */
import 'reflect-metadata';
import { JobScheduler } from 'bullmq';
import { loadConfig } from '@relais/config';
import type { DeploymentDefinition } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import { DeploymentService, RedisLock, SCHEDULES_LOCK, SCHEDULES_LOCK_TTL_MS } from '@relais/engine';
import { compileScheduler } from './scheduler-harness';

type Upsert = JobScheduler['upsertJobScheduler'];

/** This replica's Redis locks, once its module is compiled. */
let locks: RedisLock | undefined;

function dieHoldingTriggers(): void {
  const original = JobScheduler.prototype.upsertJobScheduler;
  JobScheduler.prototype.upsertJobScheduler = function (this: JobScheduler, ...args: Parameters<Upsert>) {
    // Only the worker's call (after taking a trigger) names the trigger it follows: a producer id.
    const producerId = args[5].producerId;
    if (producerId) {
      void holdSchedulesLock().then(() => process.stdout.write(`holding ${producerId}\n`));
      return new Promise<never>(() => undefined);
    }
    return original.apply(this, args);
  } as Upsert;
}

/**
 * Takes the schedules lock and never lets it go, as a replica killed mid-pass leaves it: the other replicas cannot
 * catch up the missed firing until its TTL runs out. Resolves once it is held (another replica's pass may hold it
 * first: RedisLock waits for it).
 */
function holdSchedulesLock(): Promise<void> {
  const lock = locks;
  if (!lock) throw new Error('the scheduler module is not compiled yet');
  return new Promise<void>((held) => {
    void lock.withLock(
      SCHEDULES_LOCK,
      SCHEDULES_LOCK_TTL_MS,
      () => {
        held();
        return new Promise<never>(() => undefined);
      },
      { waitMs: 60_000 },
    );
  });
}

function dieFiring(): void {
  DeploymentService.prototype.fire = function (deploymentName: string, scheduledAt: number) {
    process.stdout.write(`firing ${deploymentName} ${scheduledAt}\n`);
    return new Promise<never>(() => undefined);
  };
}

async function main(): Promise<void> {
  if (process.env.TEST_FAULT === 'die-holding-trigger') dieHoldingTriggers();
  if (process.env.TEST_FAULT === 'die-firing') dieFiring();
  const definitions = JSON.parse(process.env.TEST_DEPLOYMENTS ?? '[]') as DeploymentDefinition[];
  const config = loadConfig(process.env, { dotenv: false, domains: DOMAINS });
  const scheduler = await compileScheduler(config, definitions);
  locks = scheduler.get(RedisLock);
  await scheduler.init();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void scheduler.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`test scheduler failed: ${String(error)}\n`);
  process.exit(1);
});
