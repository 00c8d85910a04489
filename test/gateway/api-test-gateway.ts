import type { TestingModule } from '@nestjs/testing';
import type { RunState, RunSummary } from '@relais/contracts';
import { FlowRunRepository } from '@relais/persistence';
import { startWorker } from '../engine/engine-harness';
import { waitFor } from '../support/test-env';
import { callApi, startGateway, type GatewayOptions, type RunningGateway } from './gateway-harness';

/** A gateway for one `describe` block, with an in-process worker for the test flows when asked. */
export interface ApiTestGateway {
  readonly gateway: RunningGateway;
  /** The worker (throws when the block did not ask for one). */
  readonly worker: TestingModule;
  readonly runs: FlowRunRepository;
}

/**
 * Starts the gateway (and a worker on the same database and Redis) before the block and closes both, worker
 * first, then drops the database and Redis keys. Read the properties inside tests and hooks only.
 */
export function useApiGateway(options: GatewayOptions & { worker?: boolean } = {}): ApiTestGateway {
  let gateway: RunningGateway | undefined;
  let worker: TestingModule | undefined;
  beforeAll(async () => {
    gateway = await startGateway(options);
    if (options.worker) worker = await startWorker(gateway.config);
  });
  afterAll(async () => {
    await worker?.close();
    if (gateway) {
      await gateway.close();
      await gateway.cleanup();
    }
  });
  const running = (): RunningGateway => {
    if (!gateway) throw new Error('useApiGateway(): the gateway only runs inside tests and their hooks');
    return gateway;
  };
  return {
    get gateway() {
      return running();
    },
    get worker() {
      if (!worker) throw new Error('useApiGateway(): this block started no worker');
      return worker;
    },
    get runs() {
      return running().moduleRef.get(FlowRunRepository);
    },
  };
}

/** Polls `GET /api/runs/{id}` until the run is in one of `states`; returns what the API last said. */
export async function waitForApiRunState(
  gateway: RunningGateway,
  runId: string,
  states: RunState[],
  timeoutMs = 20_000,
): Promise<RunSummary> {
  let last: RunSummary | undefined;
  await waitFor(
    async () => {
      const response = await callApi<RunSummary>(gateway, 'GET', `/api/runs/${runId}`);
      last = response.body;
      return response.status === 200 && states.includes(response.body.state);
    },
    { timeoutMs, message: () => `run ${runId} to reach ${states.join('|')} (last seen ${String(last?.state)})` },
  );
  return last as RunSummary;
}
