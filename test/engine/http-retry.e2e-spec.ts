import { Injectable, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineFlow, RunState } from '@relais/contracts';
import { DOMAINS } from '@relais/domains';
import { EngineModule, RunLauncher, type FlowHandler, type RunContext } from '@relais/engine';
import { HttpClient } from '@relais/integrations';
import { FlowRunRepository, RunLogRepository } from '@relais/persistence';
import { testConfig, type TestConfig } from '../support/test-env';
import { startWorker, waitForRunState } from './engine-harness';

class FetchParams {
  @IsString() url: string = '';
}

const FETCH_FLOW = defineFlow<FetchParams, { status: number }>({
  name: 'test.fetch-url',
  queue: 'test-engine-http',
  description: 'Fetches a URL in a step, passing the step to the HTTP client',
  params: FetchParams,
  retry: { attempts: 3, backoffMs: 20, jitter: 0 },
});

@Injectable()
class FetchFlow implements FlowHandler<typeof FETCH_FLOW> {
  readonly contract = FETCH_FLOW;
  private readonly http = new HttpClient({
    service: 'Test API',
    userAgent: 'relais-test',
    timeoutMs: 2000,
    maxRetries: 3,
    baseDelayMs: 10,
  });
  async run(ctx: RunContext<FetchParams>): Promise<{ status: number }> {
    const status = await ctx.step(
      'fetch',
      async (step) => (await this.http.send({ url: ctx.params.url }, step)).status,
    );
    return { status };
  }
}

@Module({ imports: [EngineModule.forWorker({ domains: DOMAINS, queue: FETCH_FLOW.queue, flows: [FetchFlow] })] })
class FetchWorkerModule {}

describe('HTTP calls of a step: retries in the run log, DNS failures not retried', () => {
  let setup: TestConfig;
  let worker: TestingModule;
  let server: Server;
  let url: string;
  let requests = 0;

  beforeAll(async () => {
    // Busy once, then fine.
    server = createServer((_request, response) => {
      requests++;
      response.writeHead(requests === 1 ? 503 : 200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`;
    setup = await testConfig();
    worker = await startWorker(setup.config, FetchWorkerModule);
  });

  afterAll(async () => {
    await worker.close();
    await setup.cleanup();
    await new Promise((resolve) => server.close(resolve));
  });

  it("writes each HTTP retry to the run's log, tagged with its step", async () => {
    const { run } = await worker.get(RunLauncher).launch(FETCH_FLOW.name, { url });
    const done = await waitForRunState(worker.get(FlowRunRepository), run.id, [RunState.COMPLETED, RunState.FAILED]);
    expect(done.result).toEqual({ status: 200 });
    const lines = await worker.get(RunLogRepository).findByRun(run.id);
    expect(lines.map((line) => [line.level, line.step, line.message])).toContainEqual([
      'warn',
      'fetch',
      expect.stringMatching(/^Test API: retry 1 in \d+ ms after: Test API answered 503 to GET http/) as unknown,
    ]);
  });

  it('fails a run whose host does not resolve at once: no HTTP retry, no second attempt', async () => {
    const { run } = await worker.get(RunLauncher).launch(FETCH_FLOW.name, { url: 'http://relais-test.invalid/items' });
    const done = await waitForRunState(worker.get(FlowRunRepository), run.id, [RunState.COMPLETED, RunState.FAILED]);
    expect(done.state).toBe(RunState.FAILED);
    expect(done.attempts).toBe(1);
    expect(done.error).toBe('Test API is unreachable: no such host relais-test.invalid (DNS: ENOTFOUND)');
    const lines = await worker.get(RunLogRepository).findByRun(run.id);
    expect(lines.filter((line) => /retry/.test(line.message))).toEqual([]);
  });
});
