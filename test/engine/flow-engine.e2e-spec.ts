import type { TestingModule } from '@nestjs/testing';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RunState } from '@relais/contracts';
import { InvalidParamsError, RunReconciler, RunStateConflictError } from '@relais/engine';
import { ArtifactRepository, RunLogRepository, StepRunRepository, type FlowRunRepository } from '@relais/persistence';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';
import {
  EventRecorder,
  launcherOf,
  queuesOf,
  runsOf,
  startProducer,
  startWorker,
  waitForRunState,
} from './engine-harness';
import {
  FAIL_FLOW,
  LIMITED_FLOW,
  PARENT_FLOW,
  SHORT_TIMEOUT_FLOW,
  SLEEP_FLOW,
  STEPS_FLOW,
  TEST_QUEUE,
} from './test-flows';

/** A configured secret, which a failing flow's error happens to contain. */
const PIWIGO_PASSWORD = 'piwigo-secret-8c1f';

describe('flow engine (real Redis, real database)', () => {
  let setup: TestConfig;
  let worker: TestingModule;
  let runs: FlowRunRepository;
  let recorder: EventRecorder;
  let redis: Redis;

  beforeAll(async () => {
    setup = await testConfig({ RECONCILE_GRACE_MS: '0', PIWIGO_PASSWORD: PIWIGO_PASSWORD });
    worker = await startWorker(setup.config);
    runs = runsOf(worker);
    recorder = await EventRecorder.start(setup.config);
    redis = new Redis(setup.config.redisUrl);
  });

  afterAll(async () => {
    await worker.close();
    await recorder.stop();
    await redis.quit();
    await setup.cleanup();
  });

  const executions = async (key: string): Promise<number> => Number((await redis.get(`test:exec:${key}`)) ?? 0);

  it('records a run from acceptance to completion: state, result, steps, logs, progress, report, events', async () => {
    const { run } = await launcherOf(worker).launch(STEPS_FLOW.name, { steps: 3 });
    expect(run.state).toBe(RunState.PENDING);
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED]);

    expect(done.result).toEqual({ steps: [1, 2, 3] });
    expect(done.attempts).toBe(1);
    expect(done.progress).toBe(100);
    expect(done.startedAt).toBeGreaterThanOrEqual(done.createdAt);
    expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt ?? Infinity);
    expect(done.parameters).toEqual({ steps: 3, step_ms: 0 });

    const steps = await worker.get(StepRunRepository).findByRun(run.id);
    expect(steps.map((step) => [step.stepKey, step.state, step.result])).toEqual([
      ['step-1', 'COMPLETED', 1],
      ['step-2', 'COMPLETED', 2],
      ['step-3', 'COMPLETED', 3],
    ]);
    const logs = await worker.get(RunLogRepository).findByRun(run.id);
    expect(logs.map((line) => line.message)).toEqual(expect.arrayContaining(['step 1 done', 'step 3 done']));
    expect(logs.find((line) => line.message === 'step 2 done')?.step).toBe('step-2');
    const [report] = await worker.get(ArtifactRepository).findByRun(run.id);
    expect(report).toMatchObject({ kind: 'markdown', key: 'steps-summary', content: '# Steps\n\n1, 2, 3' });

    await waitFor(() => recorder.forRun(run.id).some((event) => event.event === 'flow_completed'), {
      message: 'flow_completed event',
    });
    const names = recorder.forRun(run.id).map((event) => event.event);
    expect(names[0]).toBe('flow_status_update');
    expect(names.indexOf('flow_started')).toBeGreaterThan(0);
    expect(names.filter((name) => name === 'run_progress')).toHaveLength(3);
    expect(names.indexOf('run_log')).toBeGreaterThan(names.indexOf('flow_started'));
    expect(names[names.length - 1]).toBe('flow_completed');
  });

  it('retries a failed run with backoff and skips the steps that already completed', async () => {
    const { run } = await launcherOf(worker).launch(STEPS_FLOW.name, {
      steps: 3,
      failing_step: 2,
      fail_until_attempt: 3,
    });
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED]);
    expect(done.state).toBe(RunState.COMPLETED);
    expect(done.attempts).toBe(3);
    // The failed attempts' errors do not linger on a run that succeeded.
    expect(done.error).toBeNull();
    expect(await executions(`${run.id}:step-1`)).toBe(1);
    expect(await executions(`${run.id}:step-2`)).toBe(3);
    expect(await executions(`${run.id}:step-3`)).toBe(1);
    expect(
      recorder.forRun(run.id).filter((event) => 'state' in event && event.state === RunState.RETRYING),
    ).toHaveLength(2);
  });

  it('fails a run with the error message once its retries are spent', async () => {
    const { run } = await launcherOf(worker).launch(FAIL_FLOW.name, { message: 'the printer is on fire' });
    const done = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(done.error).toBe('the printer is on fire');
    expect(done.attempts).toBe(2);
    expect(await executions(`${run.id}:attempts`)).toBe(2);
    expect(done.endedAt).not.toBeNull();
  });

  it('keeps a huge error message within what every database can store, and says it was cut', async () => {
    const { run } = await launcherOf(worker).launch(FAIL_FLOW.name, { message: 'x'.repeat(100_000), permanent: true });
    const done = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(done.error?.length).toBeLessThan(65_000);
    expect(done.error).toMatch(/… \[40000 characters cut\]$/);
    const logs = await worker.get(RunLogRepository).findByRun(run.id);
    expect(logs.some((line) => line.level === 'error' && line.message.endsWith('characters cut]'))).toBe(true);
  });

  it('keeps secrets out of the failure BullMQ stores in Redis (shown by Bull Board)', async () => {
    const message = `login refused for password ${PIWIGO_PASSWORD}`;
    const { run } = await launcherOf(worker).launch(FAIL_FLOW.name, { message });
    const done = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(done.error).toBe('login refused for password [REDACTED]');
    const job = await queuesOf(worker).get(TEST_QUEUE).getJob(done.jobId);
    expect(job?.failedReason).toBe('login refused for password [REDACTED]');
    expect(job?.stacktrace?.length).toBeGreaterThan(0);
    expect(JSON.stringify(job?.stacktrace)).not.toContain(PIWIGO_PASSWORD);
    expect(JSON.stringify(job?.stacktrace)).toContain('[REDACTED]');
  });

  it('does not retry a NonRetryableError', async () => {
    const { run } = await launcherOf(worker).launch(FAIL_FLOW.name, { message: 'Q0 not found', permanent: true });
    const done = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(done.error).toBe('Q0 not found');
    expect(await executions(`${run.id}:attempts`)).toBe(1);
  });

  it('times out an attempt, even one whose flow ignores its signal', async () => {
    const launcher = launcherOf(worker);
    const started = Date.now();
    const cooperative = (await launcher.launch(SHORT_TIMEOUT_FLOW.name, { ms: 10_000 })).run;
    const stubborn = (await launcher.launch(SHORT_TIMEOUT_FLOW.name, { ms: 10_000, cooperative: false })).run;
    for (const run of [cooperative, stubborn]) {
      const done = await waitForRunState(runs, run.id, [RunState.FAILED]);
      expect(done.error).toBe('Timed out after 300 ms');
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancels a running run: the signal fires and the run ends CANCELLED', async () => {
    const launcher = launcherOf(worker);
    const { run } = await launcher.launch(SLEEP_FLOW.name, { ms: 30_000 });
    await waitFor(async () => (await executions(`${run.id}:started`)) === 1, { message: 'the flow to start' });
    expect(await launcher.cancel(run.id)).toBe(RunState.CANCELLING);
    const done = await waitForRunState(runs, run.id, [RunState.CANCELLED], 5000);
    expect(done.endedAt).not.toBeNull();
    await waitFor(() => recorder.forRun(run.id).some((event) => event.event === 'flow_cancelled'), {
      message: 'flow_cancelled event',
    });
    await expect(launcher.cancel(run.id)).rejects.toBeInstanceOf(RunStateConflictError);
  });

  it('runs children through BullMQ flows and reports how each ended', async () => {
    const { run } = await launcherOf(worker).launch(PARENT_FLOW.name, {
      children: 4,
      child_ms: 30,
      failing_children: [2],
    });
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED], 20_000);
    expect(done.state).toBe(RunState.COMPLETED);
    expect(done.result).toMatchObject({ succeeded: 3, failed: 1 });
    const children = await runs.findChildren(run.id);
    expect(children).toHaveLength(4);
    expect(children.every((child) => child.triggeredBy === 'child')).toBe(true);
    expect(children.filter((child) => child.state === RunState.FAILED).map((child) => child.parameters.index)).toEqual([
      2,
    ]);
  });

  it('holds a flow to its concurrency limit across the worker', async () => {
    await redis.del('test:limited:max', 'test:limited:running');
    const launcher = launcherOf(worker);
    const launched = await Promise.all(
      Array.from({ length: 6 }, () => launcher.launch(LIMITED_FLOW.name, { ms: 200 })),
    );
    for (const { run } of launched) await waitForRunState(runs, run.id, [RunState.COMPLETED]);
    expect(Number(await redis.get('test:limited:max'))).toBe(2);
  });

  it('rejects bad parameters before anything is recorded, naming each field', async () => {
    const launcher = launcherOf(worker);
    const attempt = launcher.launch(STEPS_FLOW.name, { steps: 'three', colour: 'blue' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidParamsError);
    const error = (await attempt.catch((caught: unknown) => caught)) as InvalidParamsError;
    expect(Object.keys(error.fields).sort()).toEqual(['colour', 'steps']);
    expect(error.message).toMatch(/steps: .*integer/);
    expect(error.fields.colour).toEqual(['is not a parameter of this flow']);
    await expect(launcher.launch(STEPS_FLOW.name, { steps: 99 })).rejects.toThrow(
      /steps: steps must not be greater than 20/,
    );
    await expect(launcher.launch('test.no-such-flow', {})).rejects.toThrow('Unknown flow "test.no-such-flow"');
  });

  it('retries a failed run by hand, resuming after its completed steps', async () => {
    const launcher = launcherOf(worker);
    // Step 2 fails on every attempt: the manual retry must run step 2 again (three attempts) but never step 1.
    const { run } = await launcher.launch(STEPS_FLOW.name, { steps: 3, failing_step: 2, fail_until_attempt: 4 });
    await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(await executions(`${run.id}:step-2`)).toBe(3);
    const retried = await launcher.retry(run.id);
    expect(retried.jobId).toBe(`${run.id}-r2`);
    await waitForRunState(runs, run.id, [RunState.FAILED, RunState.COMPLETED]);
    expect(await executions(`${run.id}:step-1`)).toBe(1);
    expect(await executions(`${run.id}:step-2`)).toBe(6);
  });
});

describe('cancelling a queued run and the reconciler (no worker running)', () => {
  let setup: TestConfig;
  let producer: TestingModule;

  beforeAll(async () => {
    setup = await testConfig({ RECONCILE_GRACE_MS: '0' });
    producer = await startProducer(setup.config);
  });

  afterAll(async () => {
    await producer.close();
    await setup.cleanup();
  });

  it('removes a queued run from the queue and marks it CANCELLED; no worker ever runs it', async () => {
    const launcher = launcherOf(producer);
    const { run } = await launcher.launch(SLEEP_FLOW.name, { ms: 10 });
    const queue = queuesOf(producer).get(TEST_QUEUE);
    expect(await queue.getJob(run.jobId)).toBeDefined();
    expect(await launcher.cancel(run.id)).toBe(RunState.CANCELLED);
    expect(await queue.getJob(run.jobId)).toBeUndefined();
    expect((await runsOf(producer).findById(run.id))?.state).toBe(RunState.CANCELLED);

    const worker = await startWorker(setup.config);
    try {
      const { run: other } = await launcherOf(worker).launch(SLEEP_FLOW.name, { ms: 10 });
      await waitForRunState(runsOf(worker), other.id, [RunState.COMPLETED]);
      expect((await runsOf(worker).findById(run.id))?.state).toBe(RunState.CANCELLED);
      expect((await runsOf(worker).findById(run.id))?.startedAt).toBeNull();
    } finally {
      await worker.close();
    }
  });

  it('re-enqueues an accepted run whose job Redis lost, and a worker then completes it', async () => {
    const launcher = launcherOf(producer);
    const { run } = await launcher.launch(STEPS_FLOW.name, { steps: 1 });
    const queue = queuesOf(producer).get(TEST_QUEUE);
    await (await queue.getJob(run.jobId))?.remove();
    expect(await queue.getJob(run.jobId)).toBeUndefined();

    const report = await producer.get(RunReconciler).reconcileOnce();
    expect(report.reenqueued).toContain(run.id);
    expect(await queue.getJob(run.jobId)).toBeDefined();

    const worker = await startWorker(setup.config);
    try {
      await waitForRunState(runsOf(worker), run.id, [RunState.COMPLETED]);
    } finally {
      await worker.close();
    }
  });

  it('settles a run whose job failed in Redis without the database hearing of it', async () => {
    const launcher = launcherOf(producer);
    const { run } = await launcher.launch(STEPS_FLOW.name, { steps: 1 });
    // A worker takes the job, the database hears RUNNING, then BullMQ fails the job as stalled and the
    // worker's own update is lost: the database still says RUNNING.
    const rawWorker = new Worker(TEST_QUEUE, null, {
      connection: { url: setup.config.redisUrl },
      prefix: setup.config.redisPrefix,
      autorun: false,
    });
    try {
      const job = await rawWorker.getNextJob('test-token');
      expect(job.id).toBe(run.jobId);
      await runsOf(producer).applyUpdates([{ id: run.id, set: { state: RunState.RUNNING }, onlyIfActive: true }]);
      await job.moveToFailed(new UnrecoverableError('job stalled more than allowable limit'), 'test-token', false);
    } finally {
      await rawWorker.close();
    }
    const report = await producer.get(RunReconciler).reconcileOnce();
    expect(report.failed).toContain(run.id);
    const settled = await runsOf(producer).findById(run.id);
    expect(settled?.state).toBe(RunState.CRASHED);
    expect(settled?.error).toMatch(/stalled/);
  });
});
