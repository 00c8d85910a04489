import { DOMAINS } from '@relais/domains';
import type { Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { ConfigModule, RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor, type RunEvent } from '@relais/contracts';
import { EngineModule, FlowCatalogue, QueueRegistry, RunLauncher } from '@relais/engine';
import { FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { waitFor } from '../support/test-env';
import { TEST_CONTRACTS } from './test-flows';
import { TestWorkerModule } from './test-worker.module';
import { testLogger } from '../support/capturing-test.logger';

const ROOT = join(__dirname, '..', '..');

/** An in-process worker (which can also launch): `workerModule`'s flows, by default the test flows. */
export async function startWorker(
  config: RelaisConfig,
  workerModule: Type<unknown> = TestWorkerModule,
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [workerModule] })
    .setLogger(testLogger)
    .overrideProvider(RELAIS_CONFIG)
    .useValue(config)
    .compile();
  await moduleRef.init();
  return moduleRef;
}

/** A producer only (like the gateway): launches runs, runs none. */
export async function startProducer(config: RelaisConfig): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, EngineModule.forProducer({ domains: DOMAINS })],
  })
    .setLogger(testLogger)
    .overrideProvider(RELAIS_CONFIG)
    .useValue(config)
    .compile();
  await moduleRef.init();
  const catalogue = moduleRef.get(FlowCatalogue);
  for (const contract of TEST_CONTRACTS) catalogue.register(contract);
  return moduleRef;
}

/** `entry` (a .ts file, relative to the repository root) run by ts-node in a child process, on `env` over ours. */
export function spawnTsProcess(
  entry: string,
  env: Record<string, string>,
): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The test worker as a separate process, for SIGKILL and SIGTERM. */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  const child = spawnTsProcess('test/engine/test-worker.main.ts', env);
  child.stdout.resume();
  child.stderr.resume();
  return child;
}

export function launcherOf(moduleRef: TestingModule): RunLauncher {
  return moduleRef.get(RunLauncher);
}

export function runsOf(moduleRef: TestingModule): FlowRunRepository {
  return moduleRef.get(FlowRunRepository);
}

export function queuesOf(moduleRef: TestingModule): QueueRegistry {
  return moduleRef.get(QueueRegistry);
}

/** Waits until the run is in one of `states` and returns it. */
export async function waitForRunState(
  runs: FlowRunRepository,
  runId: string,
  states: string[],
  timeoutMs = 15_000,
): Promise<FlowRunEntity> {
  let run: FlowRunEntity | null = null;
  await waitFor(
    async () => {
      run = await runs.findById(runId);
      return run !== null && states.includes(run.state);
    },
    {
      timeoutMs,
      message: () => `run ${runId} to reach ${states.join('|')} (last seen ${String(run?.state)})`,
    },
  );
  return run as unknown as FlowRunEntity;
}

/** Records every run event published under the config's prefix. */
export class EventRecorder {
  readonly events: RunEvent[] = [];
  private constructor(private readonly subscriber: Redis) {}

  static async start(config: RelaisConfig): Promise<EventRecorder> {
    const subscriber = new Redis(config.redisUrl);
    const recorder = new EventRecorder(subscriber);
    // A message carries one event, or the array of those its publisher sent in one turn of its event loop.
    subscriber.on('message', (_channel: string, message: string) =>
      recorder.events.push(...([] as RunEvent[]).concat(JSON.parse(message) as RunEvent | RunEvent[])),
    );
    await subscriber.subscribe(channelsFor(config.redisPrefix).runEvents);
    return recorder;
  }

  forRun(runId: string): RunEvent[] {
    return this.events.filter((event) => event.runId === runId);
  }

  async stop(): Promise<void> {
    await this.subscriber.quit();
  }
}
