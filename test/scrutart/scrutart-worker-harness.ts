import type { TestingModule } from '@nestjs/testing';
import { RunLauncher } from '@relais/engine';
import { FlowRunRepository, StepRunRepository, type FlowRunEntity } from '@relais/persistence';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
} from '@relais/domains/scrutart/persistence';
import { WorkerScrutartModule } from '../../apps/worker-scrutart/src/worker-scrutart.module';
import { startWorker, waitForRunState } from '../engine/engine-harness';
import { startScrutartFakes, type ScrutartFakes, type ScrutartFakesOptions } from '../fakes';
import { testConfig, type TestConfig } from '../support/test-env';

/** The Scrutart worker, in process, against the fake Wikidata, Commons, WordPress and Piwigo. */
export interface ScrutartWorld {
  fakes: ScrutartFakes;
  setup: TestConfig;
  worker: TestingModule;
  launcher: RunLauncher;
  runs: FlowRunRepository;
  steps: StepRunRepository;
  artists: ScrutartArtistRepository;
  images: ScrutartImageRepository;
  posts: ScrutartPostRepository;
  /** Launches a run and waits until it ends (or reaches one of `states`). */
  runToEnd(flow: string, params: Record<string, unknown>, timeoutMs?: number): Promise<FlowRunEntity>;
  /** Stops the worker and the fakes, and drops the database and Redis keys. */
  stop(): Promise<void>;
}

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

/** Starts the fakes, a fresh configuration pointing at them (plus `env`), and the real worker module. */
export async function startScrutartWorld(
  options: ScrutartFakesOptions & { env?: Record<string, string> } = {},
): Promise<ScrutartWorld> {
  const fakes = await startScrutartFakes(options);
  let setup: TestConfig | undefined;
  try {
    setup = await testConfig({ ...fakes.env, ...options.env });
    const worker = await startWorker(setup.config, WorkerScrutartModule);
    const launcher = worker.get(RunLauncher);
    const runs = worker.get(FlowRunRepository);
    const ready = setup;
    return {
      fakes,
      setup: ready,
      worker,
      launcher,
      runs,
      steps: worker.get(StepRunRepository),
      artists: worker.get(ScrutartArtistRepository),
      images: worker.get(ScrutartImageRepository),
      posts: worker.get(ScrutartPostRepository),
      runToEnd: async (flow, params, timeoutMs = 60_000) => {
        const { run } = await launcher.launch(flow, params);
        return waitForRunState(runs, run.id, TERMINAL, timeoutMs);
      },
      stop: async () => {
        await worker.close();
        await fakes.stop();
        await ready.cleanup();
      },
    };
  } catch (error) {
    await fakes.stop();
    await setup?.cleanup();
    throw error;
  }
}
