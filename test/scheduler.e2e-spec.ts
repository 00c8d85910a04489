import type { TestingModule } from '@nestjs/testing';
import { RunState, type DeploymentDefinition } from '@relais/contracts';
import {
  DeploymentNotFoundError,
  InvalidDeploymentError,
  RedisLock,
  schedulerIdOf,
  scheduledAtOf,
  firingKeyOf,
} from '@relais/engine';
import { ReconcileLoop } from '../apps/scheduler/src/reconcile.loop';
import { testConfig, waitFor, type TestConfig } from './support/test-env';
import {
  closeAfterFailedInit,
  compileScheduler,
  deploymentRowsOf,
  deploymentsOf,
  localTime,
  nextLocalMinute,
  runsOfDeployment,
  schedulesQueueOf,
  sleep,
  startScheduler,
} from './scheduler/scheduler-harness';
import { COUNT_FLOW, everySecond, NOOP_FLOW } from './scheduler/schedule-test-flows';

const EVERY_SECOND = 'tick-every-second';
const MANUAL = 'manual-count';

const MANUAL_DEFINITION: DeploymentDefinition = {
  name: MANUAL,
  flow: COUNT_FLOW.name,
  description: 'No schedule: runs only when asked',
  parameters: { count: 2 },
  tags: ['test'],
};

/** Fresh database and Redis prefix per block; RECONCILE_INTERVAL_MS=1000 so repair passes race the firings. */
function useTestConfig(overrides: Record<string, string> = {}): () => TestConfig {
  let setup: TestConfig | undefined;
  beforeAll(async () => {
    setup = await testConfig({ RECONCILE_INTERVAL_MS: '1000', ...overrides });
  });
  afterAll(async () => {
    await setup?.cleanup();
  });
  return () => {
    if (!setup) throw new Error('test config is only ready inside tests');
    return setup;
  };
}

/**
 * A scheduler replica for the whole block on a fresh test config (`start: false`: compiled, never started).
 * One afterAll closes it and then drops its database: Jest runs afterAll hooks in declaration order, so
 * separate hooks would drop the database under a running scheduler.
 */
function useScheduler(
  definitions: DeploymentDefinition[],
  options: { env?: Record<string, string>; start?: boolean } = {},
): () => TestingModule {
  let setup: TestConfig | undefined;
  let scheduler: TestingModule | undefined;
  beforeAll(async () => {
    setup = await testConfig({ RECONCILE_INTERVAL_MS: '1000', ...options.env });
    scheduler =
      options.start === false
        ? await compileScheduler(setup.config, definitions)
        : await startScheduler(setup.config, definitions);
  });
  afterAll(async () => {
    try {
      await scheduler?.close();
    } finally {
      await setup?.cleanup();
    }
  });
  return () => {
    if (!scheduler) throw new Error('the scheduler is only ready inside tests');
    return scheduler;
  };
}

describe('scheduler: deployments fire through BullMQ job schedulers (real Redis, real database)', () => {
  describe('one replica', () => {
    const schedulerRef = useScheduler([everySecond(EVERY_SECOND), MANUAL_DEFINITION]);
    let scheduler: TestingModule;
    beforeAll(() => {
      scheduler = schedulerRef();
    });

    it('fires an interval deployment repeatedly into PENDING runs and stores the next run time', async () => {
      await waitFor(async () => (await runsOfDeployment(scheduler, EVERY_SECOND)).length >= 3, {
        timeoutMs: 6000,
        message: '3 runs of the every-second deployment',
      });
      const runs = await runsOfDeployment(scheduler, EVERY_SECOND);
      for (const run of runs) {
        expect(run).toMatchObject({
          flowName: NOOP_FLOW.name,
          queue: NOOP_FLOW.queue,
          state: RunState.PENDING,
          deploymentName: EVERY_SECOND,
          triggeredBy: 'schedule',
        });
        expect(run.idempotencyKey).toMatch(new RegExp(`^deployment:${EVERY_SECOND}:\\d+$`));
      }
      expect(new Set(runs.map((run) => run.idempotencyKey)).size).toBe(runs.length);

      const deployment = await deploymentsOf(scheduler).get(EVERY_SECOND);
      expect(deployment.paused).toBe(false);
      expect(deployment.nextRunAt).not.toBeNull();
      expect(deployment.lastRunAt).not.toBeNull();
      expect(deployment.nextRunAt).toBeGreaterThan(deployment.lastRunAt ?? Infinity);
      expect(runs.map((run) => run.id)).toContain(deployment.lastRunId);
      const jobScheduler = await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf(EVERY_SECOND));
      expect(jobScheduler).toMatchObject({ every: 1000, name: 'trigger' });
    });

    it('gives an unscheduled deployment no job scheduler and no next run, and runs it on demand with overrides', async () => {
      const manual = await deploymentsOf(scheduler).get(MANUAL);
      expect(manual.nextRunAt).toBeNull();
      expect(await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf(MANUAL))).toBeUndefined();

      const { run, created } = await deploymentsOf(scheduler).runNow(MANUAL, { extra: 7 });
      expect(created).toBe(true);
      expect(run).toMatchObject({
        flowName: COUNT_FLOW.name,
        deploymentName: MANUAL,
        triggeredBy: 'api',
        state: RunState.PENDING,
        parameters: { count: 2, extra: 7 },
      });
      expect((await deploymentsOf(scheduler).get(MANUAL)).lastRunId).toBe(run.id);
      await expect(deploymentsOf(scheduler).runNow(MANUAL, { count: 0 })).rejects.toThrow(/count/);
      await expect(deploymentsOf(scheduler).runNow('no-such-deployment')).rejects.toBeInstanceOf(
        DeploymentNotFoundError,
      );
      await expect(deploymentsOf(scheduler).get('no-such-deployment')).rejects.toBeInstanceOf(DeploymentNotFoundError);
      await expect(deploymentsOf(scheduler).pause('no-such-deployment')).rejects.toBeInstanceOf(
        DeploymentNotFoundError,
      );
    });

    it('starts one run per firing slot however often the firing is processed', async () => {
      const service = deploymentsOf(scheduler);
      const slot = Date.now() + 3_600_000;
      const outcomes = await Promise.all([service.fire(EVERY_SECOND, slot), service.fire(EVERY_SECOND, slot + 1)]);
      const again = await service.fire(EVERY_SECOND, slot);
      const ids = [...outcomes, again].map((outcome) => (outcome.fired ? outcome.run.id : undefined));
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).toBeDefined();
      expect([...outcomes, again].filter((outcome) => outcome.fired && outcome.created)).toHaveLength(1);
    });

    it('stops firing when paused (no scheduler, next run cleared) and fires again when resumed', async () => {
      const service = deploymentsOf(scheduler);
      const paused = await service.pause(EVERY_SECOND);
      expect(paused.paused).toBe(true);
      expect(paused.nextRunAt).toBeNull();
      expect(await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf(EVERY_SECOND))).toBeUndefined();

      await sleep(300); // a trigger already taken when the pause landed is skipped, not counted later
      const before = (await runsOfDeployment(scheduler, EVERY_SECOND)).length;
      await sleep(2500); // two reconcile ticks included: they must not bring the scheduler back
      expect((await runsOfDeployment(scheduler, EVERY_SECOND)).length).toBe(before);
      expect(await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf(EVERY_SECOND))).toBeUndefined();
      expect(await service.fire(EVERY_SECOND, Date.now())).toEqual({ fired: false, reason: 'paused' });

      const resumed = await service.resume(EVERY_SECOND);
      expect(resumed.paused).toBe(false);
      expect(resumed.nextRunAt).not.toBeNull();
      await waitFor(async () => (await runsOfDeployment(scheduler, EVERY_SECOND)).length >= before + 2, {
        timeoutMs: 5000,
        message: 'runs after resume',
      });
    });

    it('repairs a job scheduler lost from Redis on the next reconcile tick', async () => {
      const queue = schedulesQueueOf(scheduler);
      expect(await queue.removeJobScheduler(schedulerIdOf(EVERY_SECOND))).toBe(true);
      await waitFor(async () => (await queue.getJobScheduler(schedulerIdOf(EVERY_SECOND))) !== undefined, {
        timeoutMs: 5000,
        message: 'the reconcile loop to re-create the scheduler',
      });
      const before = (await runsOfDeployment(scheduler, EVERY_SECOND)).length;
      await waitFor(async () => (await runsOfDeployment(scheduler, EVERY_SECOND)).length > before, {
        timeoutMs: 5000,
        message: 'a run after the repair',
      });
    });

    it('reads the scheduled time of a trigger job from its id', () => {
      expect(scheduledAtOf({ id: 'repeat:deployment-x:1795265240999', timestamp: 1, delay: 0, opts: {} })).toBe(
        1795265240999,
      );
      expect(scheduledAtOf({ id: 'custom', timestamp: 1000, delay: 500, opts: { prevMillis: 1234 } })).toBe(1234);
      expect(scheduledAtOf({ id: 'custom', timestamp: 1000, delay: 500, opts: {} })).toBe(1500);
      expect(firingKeyOf({ name: 'x', scheduleEveryMs: 1000 }, 1795265240999)).toBe('deployment:x:1795265241');
      expect(firingKeyOf({ name: 'x', scheduleEveryMs: null }, 1795265240000)).toBe('deployment:x:1795265240000');
    });
  });

  describe('pause all and resume all', () => {
    const names = ['first-every-second', 'second-every-second'];
    const schedulerRef = useScheduler([...names.map((name) => everySecond(name)), MANUAL_DEFINITION]);
    let scheduler: TestingModule;
    beforeAll(() => {
      scheduler = schedulerRef();
    });

    const counts = async (): Promise<number[]> =>
      Promise.all(names.map(async (name) => (await runsOfDeployment(scheduler, name)).length));

    it('pauses every deployment at once and resumes them all', async () => {
      await waitFor(async () => (await counts()).every((count) => count >= 1), {
        timeoutMs: 5000,
        message: 'first runs',
      });

      const paused = await deploymentsOf(scheduler).pauseAll();
      expect(paused.map((d) => [d.name, d.paused, d.nextRunAt])).toEqual(
        [...names, MANUAL].sort().map((name) => [name, true, null]),
      );
      for (const name of names)
        expect(await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf(name))).toBeUndefined();
      await sleep(300);
      const before = await counts();
      await sleep(2500);
      expect(await counts()).toEqual(before);

      const resumed = await deploymentsOf(scheduler).resumeAll();
      expect(resumed.every((d) => !d.paused)).toBe(true);
      expect(resumed.filter((d) => d.nextRunAt !== null).map((d) => d.name)).toEqual(names);
      await waitFor(async () => (await counts()).every((count, i) => count >= before[i] + 2), {
        timeoutMs: 5000,
        message: 'runs of both deployments after resume all',
      });
    });
  });

  describe.each([2, 3])('%i replicas on the same Redis and database', (replicas) => {
    const setup = useTestConfig();

    it('start one run per 1 s firing, never more, over ~6 s', async () => {
      const definitions = [everySecond(EVERY_SECOND)];
      const startedAt = Date.now();
      const starts = await Promise.allSettled(
        Array.from({ length: replicas }, () => startScheduler(setup().config, definitions)),
      );
      const schedulers = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
      let stoppedAt = 0;
      try {
        const failed = starts.find((start) => start.status === 'rejected');
        if (failed) throw failed.reason;
        await sleep(6000);
      } finally {
        await Promise.all(schedulers.map((moduleRef) => moduleRef.close()));
        stoppedAt = Date.now();
      }

      // Read through a compiled, never started module: it consumes and fires nothing.
      const reader = await compileScheduler(setup().config, definitions);
      try {
        const runs = await runsOfDeployment(reader, EVERY_SECOND);
        const keys = new Set(runs.map((run) => run.idempotencyKey));
        const maxFirings = Math.floor((stoppedAt - startedAt) / 1000) + 1;
        expect(keys.size).toBe(runs.length);
        expect(runs.length).toBeLessThanOrEqual(maxFirings);
        expect(runs.length).toBeGreaterThanOrEqual(5);
        expect(runs.every((run) => run.triggeredBy === 'schedule' && run.state === RunState.PENDING)).toBe(true);
        // No slot ran twice, even under two keys. Gaps are allowed: BullMQ skips the iterations a late worker missed.
        const slots = runs.map((run) => Number(run.idempotencyKey?.split(':').pop())).sort((a, b) => a - b);
        expect(slots.slice(1).every((slot, i) => slot > slots[i])).toBe(true);
      } finally {
        await reader.close();
      }
    });
  });

  describe('cron deployments', () => {
    const schedulerRef = useScheduler(
      [
        {
          name: 'new-york-morning',
          flow: NOOP_FLOW.name,
          description: '09:30 in New York',
          parameters: {},
          schedule: { cron: '30 9 * * *', timezone: 'America/New_York' },
          tags: [],
        },
        {
          name: 'tokyo-monday',
          flow: NOOP_FLOW.name,
          description: 'Mondays 07:00 in the default time zone',
          parameters: {},
          schedule: { cron: '0 7 * * 1' },
          tags: [],
        },
      ],
      { env: { RELAIS_TIMEZONE: 'Asia/Tokyo' } },
    );
    let scheduler: TestingModule;
    beforeAll(() => {
      scheduler = schedulerRef();
    });

    it('stores the next run time computed in the deployment time zone (or the default one)', async () => {
      const now = Date.now();
      const newYork = await deploymentsOf(scheduler).get('new-york-morning');
      expect(newYork.scheduleTimezone).toBe('America/New_York');
      expect(newYork.nextRunAt).toBe(nextLocalMinute(now, 'America/New_York', { hour: 9, minute: 30 }));
      expect(localTime(newYork.nextRunAt ?? 0, 'America/New_York')).toMatchObject({ hour: 9, minute: 30 });

      const tokyo = await deploymentsOf(scheduler).get('tokyo-monday');
      expect(tokyo.scheduleTimezone).toBe('Asia/Tokyo');
      expect(tokyo.nextRunAt).toBe(nextLocalMinute(now, 'Asia/Tokyo', { hour: 7, minute: 0, weekday: 1 }));

      expect(await schedulesQueueOf(scheduler).getJobScheduler(schedulerIdOf('new-york-morning'))).toMatchObject({
        pattern: '30 9 * * *',
        tz: 'America/New_York',
        next: newYork.nextRunAt,
      });
    });
  });

  describe('catalogue sync across restarts', () => {
    const setup = useTestConfig();

    it('keeps paused flags, replaces definitions, and retires deployments gone from the catalogue', async () => {
      const hourly: DeploymentDefinition = {
        name: 'hourly-noop',
        flow: NOOP_FLOW.name,
        description: 'v1',
        parameters: {},
        schedule: { cron: '0 * * * *' },
        tags: [],
      };
      const pausedByDefault = everySecond('paused-by-default', { pausedByDefault: true });
      const retired = everySecond('to-be-retired', { schedule: { everyMs: 3_600_000 } });

      let scheduler = await startScheduler(setup().config, [hourly, pausedByDefault, retired]);
      try {
        const service = deploymentsOf(scheduler);
        expect((await service.get('paused-by-default')).paused).toBe(true);
        expect((await service.get('paused-by-default')).nextRunAt).toBeNull();
        expect((await service.get('hourly-noop')).nextRunAt).not.toBeNull();
        await service.pause('hourly-noop');
        await service.resume('paused-by-default');
      } finally {
        await scheduler.close();
      }

      scheduler = await startScheduler(setup().config, [{ ...hourly, description: 'v2' }, pausedByDefault]);
      try {
        const service = deploymentsOf(scheduler);
        const queue = schedulesQueueOf(scheduler);
        const hourlyRow = await service.get('hourly-noop');
        expect(hourlyRow).toMatchObject({ paused: true, nextRunAt: null, description: 'v2', inCatalogue: true });
        expect(await queue.getJobScheduler(schedulerIdOf('hourly-noop'))).toBeUndefined();

        const resumedRow = await service.get('paused-by-default');
        expect(resumedRow.paused).toBe(false);
        expect(resumedRow.nextRunAt).not.toBeNull();
        expect(await queue.getJobScheduler(schedulerIdOf('paused-by-default'))).toBeDefined();

        const retiredRow = await service.get('to-be-retired');
        expect(retiredRow).toMatchObject({ inCatalogue: false, nextRunAt: null });
        expect(await queue.getJobScheduler(schedulerIdOf('to-be-retired'))).toBeUndefined();
        expect(await service.fire('to-be-retired', Date.now())).toEqual({
          fired: false,
          reason: 'no longer in the catalogue',
        });
      } finally {
        await scheduler.close();
      }
    });
  });

  describe('start-up refuses a bad catalogue', () => {
    const setup = useTestConfig();

    const expectStartUpError = async (
      definition: DeploymentDefinition,
      message: RegExp,
    ): Promise<InvalidDeploymentError> => {
      const moduleRef = await compileScheduler(setup().config, [definition]);
      try {
        const error = await moduleRef.init().then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(InvalidDeploymentError);
        expect((error as Error).message).toMatch(message);
        // Nothing was written: validation comes before the database sync.
        expect(await deploymentRowsOf(moduleRef).findAll()).toEqual([]);
        return error as InvalidDeploymentError;
      } finally {
        await closeAfterFailedInit(moduleRef);
      }
    };

    it('stops on invalid default parameters, naming the deployment and the field', async () => {
      const error = await expectStartUpError(
        { ...MANUAL_DEFINITION, name: 'bad-defaults', parameters: { count: 'many' } },
        /^Deployment "bad-defaults": default parameters are invalid\..*count/,
      );
      expect(Object.keys(error.fields)).toEqual(['count']);
      await expectStartUpError(
        { ...MANUAL_DEFINITION, name: 'typo-defaults', parameters: { count: 1, cuont: 2 } },
        /"typo-defaults".*cuont: is not a parameter of this flow/,
      );
    });

    it('stops on an unknown flow, naming the deployment and the flow', async () => {
      await expectStartUpError(
        { ...MANUAL_DEFINITION, name: 'ghost-flow', flow: 'test.does-not-exist' },
        /^Deployment "ghost-flow": refers to unknown flow "test\.does-not-exist"$/,
      );
    });

    it('stops on a bad cron expression or time zone', async () => {
      await expectStartUpError(
        {
          ...MANUAL_DEFINITION,
          name: 'bad-cron',
          parameters: {},
          flow: NOOP_FLOW.name,
          schedule: { cron: '61 * * * *' },
        },
        /"bad-cron": schedule\.cron "61 \* \* \* \*" is not a valid cron expression/,
      );
      await expectStartUpError(
        {
          ...MANUAL_DEFINITION,
          name: 'bad-zone',
          parameters: {},
          flow: NOOP_FLOW.name,
          schedule: { cron: '0 * * * *', timezone: 'Mars/Olympus' },
        },
        /"bad-zone": schedule\.timezone "Mars\/Olympus" is not a known IANA time zone/,
      );
    });
  });

  describe('RedisLock', () => {
    const schedulerRef = useScheduler([], { start: false });
    let scheduler: TestingModule;
    beforeAll(() => {
      scheduler = schedulerRef();
    });

    it('runs one holder at a time, gives up at once or after waiting, and frees the lock when done', async () => {
      const lock = scheduler.get(RedisLock);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = lock.withLock('test-lock', 5000, () => held.then(() => 'first'));
      await sleep(50);
      expect(await lock.withLock('test-lock', 5000, () => Promise.resolve('second'))).toEqual({ acquired: false });
      const waiting = lock.withLock('test-lock', 5000, () => Promise.resolve('waited'), { waitMs: 3000 });
      await sleep(200);
      release();
      expect(await first).toEqual({ acquired: true, value: 'first' });
      expect(await waiting).toEqual({ acquired: true, value: 'waited' });
      await expect(lock.withLock('test-lock', 5000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await lock.withLock('test-lock', 5000, () => Promise.resolve('after failure'))).toEqual({
        acquired: true,
        value: 'after failure',
      });
    });

    it('extends the lock while its holder works past the TTL', async () => {
      const lock = scheduler.get(RedisLock);
      const slow = lock.withLock('slow-lock', 300, () => sleep(1000).then(() => 'slow'));
      await sleep(700);
      expect(await lock.withLock('slow-lock', 300, () => Promise.resolve('intruder'))).toEqual({ acquired: false });
      expect(await slow).toEqual({ acquired: true, value: 'slow' });
    });

    it('lets a reconcile tick run without throwing even when there is nothing to do', async () => {
      await expect(scheduler.get(ReconcileLoop).tick()).resolves.toBeUndefined();
    });
  });
});
