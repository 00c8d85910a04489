import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { RunState } from '@relais/contracts';
import { ArtifactRepository, RunLogRepository, type FlowRunRepository, type RunLogEntity } from '@relais/persistence';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';
import { EventRecorder, launcherOf, queuesOf, runsOf, startWorker, waitForRunState } from './engine-harness';
import { FAIL_FLOW, PARENT_FLOW, STEPS_FLOW, TEST_QUEUE, UPLOAD_FLOW } from './test-flows';

/** What a run's record says about it: log lines and their steps, replays, retries, children's outcomes. */
describe('the record of a run (real Redis, real database)', () => {
  let setup: TestConfig;
  let worker: TestingModule;
  let runs: FlowRunRepository;
  let recorder: EventRecorder;
  let redis: Redis;

  beforeAll(async () => {
    setup = await testConfig();
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

  const logsOf = (runId: string): Promise<RunLogEntity[]> => worker.get(RunLogRepository).findByRun(runId);
  const executions = async (key: string): Promise<number> => Number((await redis.get(`test:exec:${key}`)) ?? 0);

  it('tags lines with their step, says a replay is one, and counts what the whole run did', async () => {
    const { run } = await launcherOf(worker).launch(UPLOAD_FLOW.name, { images: 3, fail_after: 2 });
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED]);
    expect(done.state).toBe(RunState.COMPLETED);
    // Two images went up in the failed first attempt, the third in the second: the run uploaded three.
    expect(done.result).toEqual({ images_uploaded: 3 });

    const lines = (await logsOf(run.id)).map((line) => [line.step, line.message]);
    expect(lines).toContainEqual(['album', 'album 101 created']);
    expect(lines).toContainEqual(['album', 'Step album replayed: completed by attempt 1, not run again']);
    // The second attempt did not create the album again: its line about it says it repeats the first's.
    expect(lines).toContainEqual(['album', '(replayed) album 101 created']);
    expect(lines.filter(([, message]) => message === 'album 101 created')).toHaveLength(1);
    expect(lines).toContainEqual(['upload', '1 uploaded']);
  });

  it('does not take a parent woken by its children for a run whose worker died', async () => {
    const { run } = await launcherOf(worker).launch(PARENT_FLOW.name, { children: 2, child_ms: 50 });
    const done = await waitForRunState(runs, run.id, [RunState.COMPLETED, RunState.FAILED], 20_000);
    expect(done.state).toBe(RunState.COMPLETED);
    const messages = (await logsOf(run.id)).map((line) => line.message);
    expect(messages.filter((message) => /Resuming/.test(message))).toEqual([]);
  });

  it('fails a parent whose children all failed, keeping its result; counts a partial failure in its event', async () => {
    const launcher = launcherOf(worker);
    const allFailed = (await launcher.launch(PARENT_FLOW.name, { children: 2, failing_children: [0, 1] })).run;
    const partial = (await launcher.launch(PARENT_FLOW.name, { children: 3, failing_children: [1] })).run;

    const failed = await waitForRunState(runs, allFailed.id, [RunState.COMPLETED, RunState.FAILED], 20_000);
    expect(failed.state).toBe(RunState.FAILED);
    expect(failed.error).toBe('All 2 child runs failed');
    expect(failed.result).toMatchObject({ succeeded: 0, failed: 2 });

    const completed = await waitForRunState(runs, partial.id, [RunState.COMPLETED, RunState.FAILED], 20_000);
    expect(completed.state).toBe(RunState.COMPLETED);
    await waitFor(() => recorder.forRun(partial.id).some((event) => event.event === 'flow_completed'), {
      message: 'the partial batch to be announced',
    });
    expect(recorder.forRun(partial.id).find((event) => event.event === 'flow_completed')).toMatchObject({
      children: { total: 3, failed: 1 },
    });
    expect((await logsOf(partial.id)).map((line) => line.message)).toContain('1 of 3 child runs failed');
  });

  it("times a manual retry on its own: its start, duration and attempts are the retry's", async () => {
    const launcher = launcherOf(worker);
    const { run } = await launcher.launch(FAIL_FLOW.name, { message: 'down' });
    const first = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(first.attempts).toBe(2);
    const retriedAt = Date.now();
    await launcher.retry(run.id);
    await waitFor(async () => (await executions(`${run.id}:attempts`)) === 4, { message: 'the retry to run twice' });
    const retried = await waitForRunState(runs, run.id, [RunState.FAILED]);
    expect(retried.startedAt).toBeGreaterThanOrEqual(retriedAt);
    expect(retried.attempts).toBe(2);
  });

  it('does not leave an earlier attempt’s error on a cancelled run', async () => {
    const launcher = launcherOf(worker);
    const { run } = await launcher.launch(STEPS_FLOW.name, {
      steps: 2,
      failing_step: 1,
      fail_until_attempt: 2,
      step_ms: 1500,
    });
    await waitFor(async () => (await executions(`${run.id}:step-1`)) === 2, {
      timeoutMs: 15_000,
      message: 'the second attempt to start',
    });
    expect((await runs.findById(run.id))?.error).toBe('step 1 failed on attempt 1');
    await launcher.cancel(run.id);
    const cancelled = await waitForRunState(runs, run.id, [RunState.CANCELLED]);
    expect(cancelled.error).toBeNull();
  });

  it('never runs a run that has ended again, even from a job that looks like its first delivery', async () => {
    const { run } = await launcherOf(worker).launch(STEPS_FLOW.name, { steps: 2 });
    await waitForRunState(runs, run.id, [RunState.COMPLETED]);
    // Redis lost the job's last second (an AOF cut back): the job is back as its launcher first enqueued it.
    const queue = queuesOf(worker).get(TEST_QUEUE);
    // The database hears of the end before BullMQ does: wait for BullMQ too.
    await waitFor(async () => (await (await queue.getJob(run.jobId))?.isCompleted()) === true, {
      message: 'the job to be completed in Redis',
    });
    await (await queue.getJob(run.jobId))?.remove();
    const snapshot = { flowName: run.flowName, parameters: run.parameters, deploymentName: null, parentRunId: null };
    const job = await queue.add(STEPS_FLOW.name, { runId: run.id, snapshot }, { jobId: run.jobId });
    await waitFor(() => job.isCompleted(), { message: 'the restored job to be done' });

    expect(await executions(`${run.id}:step-1`)).toBe(1);
    expect(await worker.get(ArtifactRepository).findByRun(run.id)).toHaveLength(1);
    expect(recorder.forRun(run.id).filter((event) => event.event === 'flow_started')).toHaveLength(1);
    expect((await runs.findById(run.id))?.state).toBe(RunState.COMPLETED);
  });
});
