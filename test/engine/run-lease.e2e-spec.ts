import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { RunState } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { startRedisServer, type RedisTestServer } from '../support/redis-test-server';
import { testConfig, testTempDir, waitFor, type TestConfig } from '../support/test-env';
import { startWorker, waitForRunState } from './engine-harness';
import { LeaseTestWorkerModule, SPANS_FLOW, STEP_SPANS } from './lease-test-flows';

/**
 * Redis paused (SIGSTOP) longer than a job's lock while a run executes: when it comes back the lock has
 * expired and BullMQ hands the job to a new delivery. The first delivery must have stopped before.
 */
describe('a run whose job lock expired (Redis paused longer than the lock)', () => {
  let server: RedisTestServer;
  let redisPid: number;
  let setup: TestConfig;
  let worker: TestingModule;

  beforeAll(async () => {
    // A Redis of its own: pausing the shared one would stall every other test of the run.
    server = await startRedisServer(await testTempDir('paused-redis-'));
    const probe = new Redis(server.url);
    redisPid = Number(/process_id:(\d+)/.exec(await probe.info('server'))?.[1]);
    await probe.quit();
    setup = await testConfig({
      REDIS_URL: server.url,
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '1',
    });
    worker = await startWorker(setup.config, LeaseTestWorkerModule);
  });

  afterAll(async () => {
    process.kill(redisPid, 'SIGCONT');
    await worker.close();
    await setup.cleanup();
    await server.process.stop();
  });

  it('stops the first delivery before another runs the run: no step body ever runs twice at once', async () => {
    const { run } = await worker.get(RunLauncher).launch(SPANS_FLOW.name, { steps: 3, step_ms: 4000 });
    await waitFor(() => STEP_SPANS.some((span) => span.runId === run.id), { message: 'the first step to start' });

    process.kill(redisPid, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 5000));
    process.kill(redisPid, 'SIGCONT');

    const done = await waitForRunState(
      worker.get(FlowRunRepository),
      run.id,
      [RunState.COMPLETED, RunState.FAILED],
      40_000,
    );
    expect(done.state).toBe(RunState.COMPLETED);
    const spans = STEP_SPANS.filter((span) => span.runId === run.id);
    // The first delivery stopped during the pause, by its own clock: its step was cut short, then run again.
    expect(spans.filter((span) => span.step === 'step-1').length).toBe(2);
    for (let index = 1; index < spans.length; index++) {
      expect(spans[index].start).toBeGreaterThanOrEqual(spans[index - 1].end ?? Infinity);
    }
  });
});
