import { DOMAINS } from '@relais/domains';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig, RELAIS_CONFIG } from '@relais/config';
import { RunState } from '@relais/contracts';
import { EngineModule, type FlowHandler } from '@relais/engine';
import { testConfig, waitFor, type TestConfig } from '../support/test-env';
import {
  launcherOf,
  queuesOf,
  runsOf,
  spawnTsProcess,
  spawnWorkerProcess,
  startProducer,
  startWorker,
  waitForRunState,
} from './engine-harness';
import { ExecutionCounter, FAIL_FLOW, SLEEP_FLOW, SleepFlow, StepsFlow, TEST_QUEUE } from './test-flows';
import { testLogger } from '../support/capturing-test.logger';

/** How long a worker process may take to start under load; each test that starts one has this on top of its own time. */
const STARTUP_MS = 150_000;

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('worker processes: crash, graceful shutdown', () => {
  let setup: TestConfig;
  let producer: TestingModule;
  let redis: Redis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Locks short enough that a killed worker's job is detected as stalled within seconds, long enough that the
    // worker taking it over keeps its run's lease under CI's load: with 2 s, a 1 s stall of this process (the
    // lease is counted lost after half the lock) made the new worker abandon the run and a third start it.
    setup = await testConfig({
      WORKER_LOCK_DURATION_MS: '6000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '2',
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

  const started = async (runId: string): Promise<number> =>
    Number((await redis.get(`test:exec:${runId}:started`)) ?? 0);

  /**
   * A worker process, once it listens on the test queue. Loading every domain with ts-node takes ~7 s on a quiet
   * machine and over 30 s under CI's load: a test that launched at once and waited 30 s for the run to start
   * failed, and its still-booting worker then took the next test's run.
   */
  const connectedWorker = async (env: Record<string, string>): Promise<ChildProcess> => {
    const queue = queuesOf(producer).get(TEST_QUEUE);
    const before = await queue.getWorkersCount();
    const worker = spawnWorkerProcess(env);
    children.push(worker);
    await waitFor(async () => (await queue.getWorkersCount()) > before, {
      timeoutMs: STARTUP_MS,
      message: 'the worker process to listen on its queue',
    });
    return worker;
  };

  afterEach(() => {
    // A test that failed part-way must not leave its worker to take the next test's run.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it(
    'picks up a run again after its worker is killed with SIGKILL mid-run, and completes it',
    async () => {
      const first = await connectedWorker(setup.env);
      const { run } = await launcherOf(producer).launch(SLEEP_FLOW.name, { ms: 4000 });
      await waitFor(async () => (await started(run.id)) === 1, {
        timeoutMs: 30_000,
        message: 'the first worker to start the run',
      });
      const running = await waitForRunState(runsOf(producer), run.id, [RunState.RUNNING]);
      expect(running.workerId).toContain(String(first.pid));

      first.kill('SIGKILL');
      await exitOf(first);
      const second = await startWorker(setup.config);
      try {
        const done = await waitForRunState(
          runsOf(producer),
          run.id,
          [RunState.COMPLETED, RunState.FAILED, RunState.CRASHED],
          30_000,
        );
        expect(done.state).toBe(RunState.COMPLETED);
        expect(await started(run.id)).toBe(2);
        expect(done.workerId).not.toContain(String(first.pid));
      } finally {
        await second.close();
      }
    },
    STARTUP_MS + 60_000,
  );

  it(
    'records a failing run FAILED with its error in a worker process, whose logger prints the error line',
    async () => {
      const worker = await connectedWorker({ ...setup.env, LOG_LEVEL: 'info' });
      try {
        const { run } = await launcherOf(producer).launch(FAIL_FLOW.name, { message: 'disk on fire', permanent: true });
        const done = await waitForRunState(runsOf(producer), run.id, [RunState.FAILED, RunState.COMPLETED], 30_000);
        expect(done.state).toBe(RunState.FAILED);
        expect(done.error).toBe('disk on fire');
      } finally {
        worker.kill('SIGTERM');
        await exitOf(worker);
      }
    },
    STARTUP_MS + 60_000,
  );

  it(
    'on SIGTERM finishes the run in flight within the grace period, then exits 0',
    async () => {
      const worker = await connectedWorker({ ...setup.env, SHUTDOWN_GRACE_MS: '10000' });
      const { run } = await launcherOf(producer).launch(SLEEP_FLOW.name, { ms: 1500 });
      await waitFor(async () => (await started(run.id)) === 1, {
        timeoutMs: 30_000,
        message: 'the worker to start the run',
      });
      worker.kill('SIGTERM');
      const exit = await exitOf(worker);
      expect(exit.code).toBe(0);
      expect((await runsOf(producer).findById(run.id))?.state).toBe(RunState.COMPLETED);
    },
    STARTUP_MS + 60_000,
  );

  it(
    'on SIGTERM hands a run that outlives the grace period back to the queue for another worker',
    async () => {
      const worker = await connectedWorker({ ...setup.env, SHUTDOWN_GRACE_MS: '300' });
      const { run } = await launcherOf(producer).launch(SLEEP_FLOW.name, { ms: 3000 });
      await waitFor(async () => (await started(run.id)) === 1, {
        timeoutMs: 30_000,
        message: 'the worker to start the run',
      });
      worker.kill('SIGTERM');
      expect((await exitOf(worker)).code).toBe(0);
      const released = await runsOf(producer).findById(run.id);
      expect(released?.state).toBe(RunState.PENDING);

      const next = await startWorker(setup.config);
      try {
        await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED], 20_000);
        expect(await started(run.id)).toBe(2);
      } finally {
        await next.close();
      }
    },
    STARTUP_MS + 60_000,
  );
});

describe('start-up checks', () => {
  let setup: TestConfig;

  beforeAll(async () => {
    setup = await testConfig();
  });

  afterAll(async () => {
    await setup.cleanup();
  });

  @Injectable()
  class SecondSleepFlow implements FlowHandler<typeof SLEEP_FLOW> {
    readonly contract = SLEEP_FLOW;
    run(): Promise<{ slept: number }> {
      return Promise.resolve({ slept: 0 });
    }
  }

  async function compileWorker(flows: FlowHandler['constructor'][]): Promise<TestingModule> {
    const builder = Test.createTestingModule({
      imports: [
        EngineModule.forWorker({
          domains: DOMAINS,
          queue: TEST_QUEUE,
          flows: flows as never,
          providers: [ExecutionCounter],
        }),
      ],
    }).setLogger(testLogger);
    const moduleRef = await builder.overrideProvider(RELAIS_CONFIG).useValue(setup.config).compile();
    return moduleRef;
  }

  it('refuses to start a worker when a flow of its queue has two implementations', async () => {
    await expect(compileWorker([SleepFlow, SecondSleepFlow])).rejects.toThrow(
      /test\.sleep-awhile has two implementations: SleepFlow and SecondSleepFlow/,
    );
  });

  it('refuses to start a worker when a flow of its queue has no implementation', async () => {
    const producer = await startProducer(setup.config);
    try {
      // The shipped catalogue's ops flows need worker-ops' handlers: a worker for "ops" without them must not start.
      const attempt = Test.createTestingModule({
        imports: [EngineModule.forWorker({ domains: DOMAINS, queue: 'ops', flows: [] })],
      })
        .setLogger(testLogger)
        .overrideProvider(RELAIS_CONFIG)
        .useValue(setup.config)
        .compile();
      await expect(attempt).rejects.toThrow(/ops\.health-check \(queue "ops"\) has no implementation/);
    } finally {
      await producer.close();
    }
  });

  it('refuses a handler whose flow belongs to another queue', async () => {
    const attempt = Test.createTestingModule({
      imports: [
        EngineModule.forWorker({
          domains: DOMAINS,
          queue: 'scrutart',
          flows: [StepsFlow],
          providers: [ExecutionCounter],
        }),
      ],
    })
      .setLogger(testLogger)
      .overrideProvider(RELAIS_CONFIG)
      .useValue(setup.config)
      .compile();
    await expect(attempt).rejects.toThrow(/implements test\.run-steps of queue "test-engine", not "scrutart"/);
  });
});

describe('configuration errors', () => {
  it('names each bad variable and what it expects', () => {
    expect(() =>
      loadConfig(
        { WORKER_CONCURRENCY: 'lots', REDIS_URL: 'localhost:6379', DATABASE_URL: 'postgres://x' },
        { dotenv: false },
      ),
    ).toThrow(ConfigError);
    try {
      loadConfig(
        { WORKER_CONCURRENCY: 'lots', REDIS_URL: 'localhost:6379', DATABASE_URL: 'postgres://x' },
        { dotenv: false },
      );
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/WORKER_CONCURRENCY must be an integer between 1 and 1000 \(got "lots"\)/);
      expect(problems).toMatch(/REDIS_URL must be redis:\/\/host:port\[\/db\], redis\+sentinel:\/\//);
      expect(problems).toMatch(/DATABASE_URL must be mysql:\/\//);
    }
  });

  it('applies defaults when nothing is set', () => {
    const config = loadConfig({}, { dotenv: false });
    expect(config.database).toEqual({ kind: 'sqlite', path: join(process.cwd(), 'data', 'relais.sqlite') });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.worker.concurrency).toBe(10);
  });

  it('stops a worker process at start with exit code 1 and a message naming the variable', async () => {
    const child = spawnTsProcess('apps/worker-ops/src/main.ts', { SHUTDOWN_GRACE_MS: '-5' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const exit = await exitOf(child);
    expect(exit.code).toBe(1);
    expect(stderr).toContain('SHUTDOWN_GRACE_MS must be an integer number of milliseconds ≥ 0 (got -5)');
  });
});
