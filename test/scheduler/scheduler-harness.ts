import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { QUEUES, type DeploymentDefinition, type FlowContract } from '@relais/contracts';
import { DEPLOYMENT_DEFINITIONS, DeploymentService, FlowCatalogue, QueueRegistry } from '@relais/engine';
import { DeploymentRepository, FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { SchedulerModule } from '../../apps/scheduler/src/scheduler.module';
import { SCHEDULE_TEST_CONTRACTS } from './schedule-test-flows';
import { testLogger } from '../support/capturing-test.logger';

/**
 * The scheduler app's module on `config`, with `definitions` as its deployments, before start-up. Its flow
 * catalogue holds the schedule test flows and `contracts`.
 */
export async function compileScheduler(
  config: RelaisConfig,
  definitions: DeploymentDefinition[],
  contracts: FlowContract[] = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [SchedulerModule] })
    .setLogger(testLogger)
    .overrideProvider(RELAIS_CONFIG)
    .useValue(config)
    .overrideProvider(DEPLOYMENT_DEFINITIONS)
    .useValue(definitions)
    .compile();
  const catalogue = moduleRef.get(FlowCatalogue);
  for (const contract of [...SCHEDULE_TEST_CONTRACTS, ...contracts]) catalogue.register(contract);
  return moduleRef;
}

/** A started scheduler replica (catalogue synced, triggers consumed, reconcile loop ticking). */
export async function startScheduler(
  config: RelaisConfig,
  definitions: DeploymentDefinition[],
  contracts: FlowContract[] = [],
): Promise<TestingModule> {
  const moduleRef = await compileScheduler(config, definitions, contracts);
  try {
    await moduleRef.init();
  } catch (error) {
    await closeAfterFailedInit(moduleRef);
    throw error;
  }
  return moduleRef;
}

/**
 * Closes a module whose init() failed. Nest's close() first awaits the initialisation, so after a failed one it
 * re-throws that failure and never runs the shutdown hooks: the database and Redis connections would stay open
 * and Jest would never exit. Forgetting the failed initialisation lets close() release them.
 */
export async function closeAfterFailedInit(moduleRef: TestingModule): Promise<void> {
  (moduleRef as unknown as { initializationPromise?: Promise<void> }).initializationPromise = undefined;
  await moduleRef.close();
}

export function deploymentsOf(moduleRef: TestingModule): DeploymentService {
  return moduleRef.get(DeploymentService);
}

export function deploymentRowsOf(moduleRef: TestingModule): DeploymentRepository {
  return moduleRef.get(DeploymentRepository);
}

export function schedulesQueueOf(moduleRef: TestingModule): Queue {
  return moduleRef.get(QueueRegistry).get(QUEUES.schedules);
}

/** Every run of the deployment, oldest first. */
export async function runsOfDeployment(moduleRef: TestingModule, deploymentName: string): Promise<FlowRunEntity[]> {
  const runs = await moduleRef.get(FlowRunRepository).list({ deploymentName, limit: 10_000 });
  return runs.reverse();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wall-clock time at `at` in `timeZone`, as `{weekday, hour, minute}` (weekday 0 = Sunday). */
export function localTime(at: number, timeZone: string): { weekday: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday')),
    hour: Number(part('hour')),
    minute: Number(part('minute')),
  };
}

/**
 * The first whole minute after `from` whose wall-clock time in `timeZone` matches: computed by walking minutes,
 * independently of the cron library the scheduler uses.
 */
export function nextLocalMinute(
  from: number,
  timeZone: string,
  wanted: { hour: number; minute: number; weekday?: number },
): number {
  let at = Math.floor(from / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 8 * 24 * 60; i++, at += 60_000) {
    const local = localTime(at, timeZone);
    if (
      local.hour === wanted.hour &&
      local.minute === wanted.minute &&
      (wanted.weekday ?? local.weekday) === local.weekday
    ) {
      return at;
    }
  }
  throw new Error(`No ${JSON.stringify(wanted)} in ${timeZone} within 8 days of ${new Date(from).toISOString()}`);
}
