import type { TestingModule } from '@nestjs/testing';
import { RunState } from '@relais/contracts';
import { FlowWorkerHost, QueueRegistry, RunReconciler } from '@relais/engine';
import { testConfig, waitFor } from '../support/test-env';
import { launcherOf, runsOf, startProducer, startWorker } from '../engine/engine-harness';
import { STEPS_FLOW } from '../engine/test-flows';
import type { FlowRunEntity } from '@relais/persistence';
import { runContainerProbe, startSentinelGroup, type SentinelGroup } from './redis-ha-servers';

/** Runs launched per phase, one every LAUNCH_INTERVAL_MS: the master goes while they arrive. */
const RUNS_PER_PHASE = 60;
const LAUNCH_INTERVAL_MS = 25;

/** How long each part of the setup may take to stop before the next one is stopped anyway. */
const STOP_WITHIN_MS = 15_000;

/**
 * A worker with no run in flight stops within this time (generous: it takes milliseconds), whatever its
 * connections are doing; before, it could wait out the whole SHUTDOWN_GRACE_MS (30 s) after a failover.
 */
const WORKER_STOPS_WITHIN_MS = 8_000;

async function stopWithin(part: { stop(): Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const stopping = part.stop().then(() => 'stopped' as const);
  // A failure after we went on is not this test's to report; one before the time limit fails the hook.
  stopping.catch(() => undefined);
  try {
    if ((await Promise.race([stopping, late])) === 'late') {
      process.stderr.write(`[redis-sentinel test] a part did not stop within ${ms} ms; going on\n`);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** A Sentinel group and Relais on it: a producer (what the gateway and scheduler hold) and a worker. */
interface SentinelRelais {
  group: SentinelGroup;
  producer: TestingModule;
  /** Stops the worker (SIGTERM's path: the graceful close with the default grace) and says how long it took. */
  stopWorker(): Promise<number>;
}

/**
 * Starts a fresh Sentinel group, a producer and a worker on it before the tests of the enclosing describe, and
 * stops them after (in reverse order, even when starting failed half-way). Each disruption gets its own group:
 * after a failover the sentinels take up to ten seconds to turn the old master into a replica, and would not
 * fail the same master over again at once.
 */
function useSentinelRelais(): () => SentinelRelais {
  let relais: SentinelRelais | undefined;
  const started: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    const group = await startSentinelGroup();
    started.push(group);
    // SHUTDOWN_GRACE_MS stays the default (30 s): a worker with nothing in flight must not wait for it.
    // A run whose lease the failover cost stays RUNNING with its job active on the new master until the lock
    // lapses and BullMQ's stalled check hands the job back: up to lock + 2 × interval, 90 s with the defaults, past
    // the test's wait (a local run left one so). Shorter here, so that path is taken within it, not only luck.
    const setup = await testConfig({
      REDIS_URL: group.url,
      RECONCILE_GRACE_MS: '2000',
      WORKER_LOCK_DURATION_MS: '10000',
      WORKER_STALLED_INTERVAL_MS: '4000',
    });
    started.push({ stop: setup.cleanup });
    const producer = await startProducer(setup.config);
    started.push({ stop: () => producer.close() });
    const worker = await startWorker(setup.config);
    let workerStopped: Promise<void> | undefined;
    const stopWorker = (): Promise<void> => (workerStopped ??= worker.close());
    started.push({ stop: stopWorker });
    await worker.get(FlowWorkerHost).ready();
    relais = {
      group,
      producer,
      stopWorker: async () => {
        const start = Date.now();
        await stopWithin({ stop: stopWorker }, STOP_WITHIN_MS);
        return Date.now() - start;
      },
    };
  });
  afterAll(
    async () => {
      // Each part gets STOP_WITHIN_MS: whatever a part does, the parts after it (the servers) must still be stopped.
      for (const part of started.reverse()) await stopWithin(part, STOP_WITHIN_MS);
    },
    4 * STOP_WITHIN_MS + 10_000,
  );
  return () => {
    if (!relais) throw new Error('the Sentinel group did not start');
    return relais;
  };
}

/** `<id> <state> (attempts N, job <state in Redis>)` for each run. */
function describeRuns(producer: TestingModule, runs: FlowRunEntity[]): Promise<string[]> {
  const queues = producer.get(QueueRegistry);
  return Promise.all(
    runs.map(async (run) => {
      const job = await queues
        .get(run.queue)
        .getJob(run.jobId)
        .catch(() => undefined);
      const jobState = job ? await job.getState().catch((error: unknown) => String(error)) : 'no job';
      return `${run.id} ${run.state} (attempts ${run.attempts}, job ${jobState})`;
    }),
  );
}

/**
 * Launches RUNS_PER_PHASE runs, calling `disrupt` once half are launched, and waits until every one is
 * completed, reconciling every second meanwhile. Returns how many were accepted before their job was queued.
 */
async function runThrough(
  relais: SentinelRelais,
  disrupt: () => Promise<unknown>,
): Promise<{ notQueued: number; reenqueued: number }> {
  const { producer } = relais;
  const launcher = launcherOf(producer);
  const runIds: string[] = [];
  let notQueued = 0;
  let disruption: Promise<unknown> | undefined;
  for (let index = 0; index < RUNS_PER_PHASE; index++) {
    if (index === RUNS_PER_PHASE / 2) {
      disruption = disrupt();
      // Awaited after the launches; until then, a failure must not count as unhandled.
      disruption.catch(() => undefined);
    }
    const { run, queued } = await launcher.launch(STEPS_FLOW.name, { steps: 1 });
    runIds.push(run.id);
    if (!queued) notQueued++;
    await new Promise((resolve) => setTimeout(resolve, LAUNCH_INTERVAL_MS));
  }
  await disruption;

  const runs = runsOf(producer);
  const reconciler = producer.get(RunReconciler);
  let reenqueued = 0;
  let lastReconcile = Date.now();
  let unfinished: FlowRunEntity[] = [];
  await waitFor(
    async () => {
      unfinished = (await Promise.all(runIds.map(async (id) => (await runs.findById(id))!))).filter(
        (run) => run.state !== RunState.COMPLETED,
      );
      if (unfinished.length === 0) return true;
      if (Date.now() - lastReconcile >= 1000) {
        lastReconcile = Date.now();
        // As the scheduler's ReconcileLoop: a tick that fails (Redis still switching) waits for the next one.
        reenqueued += await reconciler.reconcileOnce().then(
          (report) => report.reenqueued.length,
          () => 0,
        );
      }
      return false;
    },
    { timeoutMs: 40_000, intervalMs: 200, message: 'every accepted run to complete' },
  ).catch(async (error: unknown) => {
    // Each unfinished run's state and its job's, read once: they say which recovery did not happen.
    throw new Error(`${String(error)}: ${(await describeRuns(producer, unfinished)).join('; ')}`);
  });
  return { notQueued, reenqueued };
}

/**
 * Relais on a Sentinel group (REDIS_URL=redis+sentinel://…/relais-master): a master, a replica, three sentinels.
 * Runs keep arriving while the master is failed over (SENTINEL FAILOVER), or while it is killed. Every accepted
 * run (recorded, whether or not its job reached Redis) must complete, on the same worker, which finds the new
 * master by itself; the reconciler (run here as the scheduler runs it, every second) re-enqueues the jobs a
 * failover lost (BullMQ #648, #3088: workers that never come back, jobs that vanish).
 */
describe('Relais on a Redis Sentinel group, failed over', () => {
  const relais = useSentinelRelais();

  it('answers the container probe of the scheduler and workers from the master the sentinels name', async () => {
    expect(await runContainerProbe(relais().group.url)).toEqual({ code: 0, stderr: '' });
  });

  it('loses no accepted run when the master is failed over mid-load, and the worker resumes by itself', async () => {
    const { group } = relais();
    const before = await group.masterPort();
    const outcome = await runThrough(relais(), () => group.failover());
    expect(await group.masterPort()).not.toBe(before);
    // A launch that found no master was still accepted (recorded): the reconciler queued it.
    expect(outcome.reenqueued).toBeGreaterThanOrEqual(outcome.notQueued);
  });

  it('stops the worker at once right after the failover (no run in flight)', async () => {
    // Its connections are being moved to the new master (or waiting to be): BullMQ's close() used to wait for
    // an 'end' that ioredis never emits for a connection between two attempts (see EndingRedis).
    expect(await relais().stopWorker()).toBeLessThan(WORKER_STOPS_WITHIN_MS);
  });
});

describe('Relais on a Redis Sentinel group, master killed', () => {
  const relais = useSentinelRelais();

  it('loses no accepted run when the master process is killed mid-load', async () => {
    const { group } = relais();
    const master = await group.masterPort();
    const replica = [...group.servers.keys()].find((port) => port !== master);
    const outcome = await runThrough(relais(), async () => {
      await group.servers.get(master)?.stop();
      await waitFor(async () => (await group.masterPort().catch(() => 0)) === replica, {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: 'the sentinels to promote the replica',
      });
    });
    expect(outcome.notQueued).toBeGreaterThan(0);
    expect(outcome.reenqueued).toBeGreaterThanOrEqual(outcome.notQueued);
  });

  it('stops the worker at once while no master is left (its connections retrying)', async () => {
    const { group } = relais();
    await group.servers.get(await group.masterPort())?.stop();
    // The worker's connections lose the master at once; SIGTERM comes while they retry.
    expect(await relais().stopWorker()).toBeLessThan(WORKER_STOPS_WITHIN_MS);
  });
});
