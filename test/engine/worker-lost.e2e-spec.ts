import type { TestingModule } from '@nestjs/testing';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { RunState, StepState } from '@relais/contracts';
import { RunLogRepository, StepRunRepository } from '@relais/persistence';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';
import { launcherOf, runsOf, spawnWorkerProcess, startProducer, startWorker, waitForRunState } from './engine-harness';
import { SLEEP_FLOW, STEPS_FLOW } from './test-flows';

function exitOf(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => child.once('exit', resolve));
}

/**
 * A worker SIGKILLed mid-run, with WORKER_MAX_STALLED_COUNT=0: its job's first stall is already one too many,
 * so the attempt is lost. A lost worker costs an attempt, not the run.
 */
describe('a worker lost mid-run (stall limit 0)', () => {
  let setup: TestConfig;
  let producer: TestingModule;
  let redis: Redis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    setup = await testConfig({
      // The run's lease lasts as long as the lock and counts as lost after half of it without a renewal: at 2 s, a
      // second of starvation under CI's load lost the second attempt's lease, and its step ran a third time; at 5 s
      // it happened again on a machine loaded further (2.5 s without a renewal).
      WORKER_LOCK_DURATION_MS: '10000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '0',
    });
    producer = await startProducer(setup.config);
    redis = new Redis(setup.config.redisUrl);
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await producer.close();
    await redis.quit();
    await setup.cleanup();
  });

  const executions = async (key: string): Promise<number> => Number((await redis.get(`test:exec:${key}`)) ?? 0);

  /** Starts a worker process, launches the run, waits until `startedKey` ran once, and SIGKILLs the worker. */
  async function killMidRun(flowName: string, params: object, startedKey: string): Promise<string> {
    const worker = spawnWorkerProcess(setup.env);
    children.push(worker);
    const { run } = await launcherOf(producer).launch(flowName, params);
    await waitFor(async () => (await executions(`${run.id}:${startedKey}`)) === 1, {
      timeoutMs: 60_000,
      message: 'the worker process to start the run',
    });
    // Its RUNNING step row reaches the database a moment later (write-behind): kill it once it has.
    await waitFor(async () => (await producer.get(StepRunRepository).findByRun(run.id)).length > 0, {
      message: 'the running step to be recorded',
    });
    worker.kill('SIGKILL');
    await exitOf(worker);
    return run.id;
  }

  it('runs the next attempt, after its backoff, while the retry policy allows', async () => {
    const runId = await killMidRun(STEPS_FLOW.name, { steps: 2, step_ms: 4000 }, 'step-1');
    const worker = await startWorker(setup.config);
    try {
      const done = await waitForRunState(
        runsOf(producer),
        runId,
        [RunState.COMPLETED, RunState.FAILED, RunState.CRASHED],
        60_000,
      );
      expect(done.state).toBe(RunState.COMPLETED);
      expect(done.attempts).toBe(2);
      expect(done.error).toBeNull();
      expect(await executions(`${runId}:step-1`)).toBe(2);
      const logs = await worker.get(RunLogRepository).findByRun(runId);
      expect(logs.map((line) => line.message)).toContainEqual(
        expect.stringMatching(/^Attempt 1 failed, will retry: Worker lost: the attempt stalled 1 time/),
      );
    } finally {
      await worker.close();
    }
  }, 150_000);

  it('ends CRASHED when no attempt is left, with no step left RUNNING', async () => {
    // test.sleep-awhile has one attempt.
    const runId = await killMidRun(SLEEP_FLOW.name, { ms: 20_000 }, 'started');
    const worker = await startWorker(setup.config);
    try {
      const done = await waitForRunState(runsOf(producer), runId, [RunState.COMPLETED, RunState.CRASHED], 60_000);
      expect(done.state).toBe(RunState.CRASHED);
      expect(done.error).toMatch(/^Worker lost: the attempt stalled 1 time/);
      expect(done.endedAt).not.toBeNull();
      expect(await executions(`${runId}:started`)).toBe(1);
      const steps = await worker.get(StepRunRepository).findByRun(runId);
      expect(steps.map((step) => [step.stepKey, step.state])).toEqual([['sleep', StepState.FAILED]]);
      expect(steps[0].error).toMatch(/Worker lost/);
    } finally {
      await worker.close();
    }
  }, 150_000);
});
