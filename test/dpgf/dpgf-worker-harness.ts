import { rm } from 'node:fs/promises';
import type { TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { RunLauncher } from '@relais/engine';
import { domainDataSourceToken, FlowRunRepository, type FlowRunEntity } from '@relais/persistence';
import { WorkerDpgfModule } from '../../apps/worker-dpgf/src/worker-dpgf.module';
import { startWorker, waitForRunState } from '../engine/engine-harness';
import { testConfig, testTempDir, type TestConfig } from '../support/test-env';

/** The DPGF worker, in process, with a folder root of its own (and whatever `env` adds). */
export interface DpgfWorld {
  root: string;
  setup: TestConfig;
  worker: TestingModule;
  runs: FlowRunRepository;
  /** The pricing database (Relais's own here: DPGF_DATABASE_URL is unset, as with nothing configured). */
  pricing: DataSource;
  runToEnd(flow: string, params: Record<string, unknown>, timeoutMs?: number): Promise<FlowRunEntity>;
  stop(): Promise<void>;
}

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];

export async function startDpgfWorld(env: Record<string, string> = {}): Promise<DpgfWorld> {
  const root = await testTempDir('dpgf-root-');
  const setup = await testConfig({ DPGF_FOLDER_ROOTS: root, WORKER_CONCURRENCY: '8', ...env });
  try {
    const worker = await startWorker(setup.config, WorkerDpgfModule);
    const launcher = worker.get(RunLauncher);
    const runs = worker.get(FlowRunRepository);
    return {
      root,
      setup,
      worker,
      runs,
      pricing: worker.get<DataSource>(domainDataSourceToken('dpgf')),
      runToEnd: async (flow, params, timeoutMs = 60_000) => {
        const { run } = await launcher.launch(flow, params);
        return waitForRunState(runs, run.id, TERMINAL, timeoutMs);
      },
      stop: async () => {
        await worker.close();
        await setup.cleanup();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await setup.cleanup();
    throw error;
  }
}
