import { randomUUID } from 'node:crypto';
import { RunState, type RunSummary } from '@relais/contracts';
import { DeploymentRepository } from '@relais/persistence';
import { NOOP_FLOW, STEPS_FLOW, TEST_QUEUE } from '../engine/test-flows';
import { aFlowRun } from '../support/flow-run.fixture';
import { callApi, startGateway, type RunningGateway } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

/** The value of one sample of the Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = ((match[2] as string | undefined) ?? '').split(',').filter(Boolean);
    if (wanted.length === present.length && wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe('REST API: GET /metrics (no worker: every job stays waiting)', () => {
  const api = useApiGateway();
  let replica: RunningGateway | undefined;

  beforeAll(async () => {
    // A second gateway in the same process: each must keep its metrics in a registry of its own.
    replica = await startGateway({ shareWith: api.gateway });
    await api.gateway.moduleRef
      .get(DeploymentRepository)
      .syncCatalogue(
        [{ name: 'metrics-manual', flow: NOOP_FLOW.name, description: 'manual', parameters: {}, tags: [] }],
        'UTC',
      );
  });
  afterAll(async () => {
    await replica?.close();
  });

  const scrape = async (gateway: Pick<RunningGateway, 'url' | 'adminToken'>): Promise<string> => {
    const response = await callApi<string>(gateway, 'GET', '/metrics');
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') ?? '';
    expect(contentType).toMatch(/^text\/plain;/);
    expect(contentType).toContain('version=0.0.4');
    return response.body;
  };

  it('exposes queue depths, runs by flow and state, and the runs the API started', async () => {
    const start = (flowName: string, body: object = {}) =>
      callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${flowName}/runs`, { body });
    const idempotencyKey = randomUUID();
    expect((await start(NOOP_FLOW.name, { idempotencyKey })).status).toBe(201);
    // A replay of the same start is not a new run and is not counted.
    expect((await start(NOOP_FLOW.name, { idempotencyKey })).status).toBe(200);
    expect((await start(NOOP_FLOW.name)).status).toBe(201);
    expect((await callApi(api.gateway, 'POST', '/api/deployments/metrics-manual/run')).status).toBe(201);
    const failed = aFlowRun({
      flowName: STEPS_FLOW.name,
      queue: TEST_QUEUE,
      state: RunState.FAILED,
      parameters: { steps: 1 },
    });
    await api.runs.insert(failed);
    expect((await callApi(api.gateway, 'POST', `/api/runs/${failed.id}/retry`)).status).toBe(200);

    const text = await scrape(api.gateway);
    expect(text).toContain('# TYPE relais_queue_jobs gauge');
    expect(sample(text, 'relais_queue_jobs', { queue: TEST_QUEUE, state: 'waiting' })).toBe(4);
    expect(sample(text, 'relais_queue_jobs', { queue: TEST_QUEUE, state: 'active' })).toBe(0);
    expect(sample(text, 'relais_queue_jobs', { queue: 'ops', state: 'waiting' })).toBe(0);
    expect(sample(text, 'relais_queue_jobs', { queue: 'schedules', state: 'delayed' })).toBe(0);

    expect(sample(text, 'relais_runs', { flow: NOOP_FLOW.name, state: 'PENDING' })).toBe(3);
    expect(sample(text, 'relais_runs', { flow: STEPS_FLOW.name, state: 'PENDING' })).toBe(1);

    expect(sample(text, 'relais_api_runs_started_total', { flow: NOOP_FLOW.name, route: 'flow' })).toBe(2);
    expect(sample(text, 'relais_api_runs_started_total', { flow: NOOP_FLOW.name, route: 'deployment' })).toBe(1);
    expect(sample(text, 'relais_api_runs_started_total', { flow: STEPS_FLOW.name, route: 'retry' })).toBe(1);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);

    // The replica reads the same queues and database, but counts only what it started itself.
    const replicaText = await scrape(replica!);
    expect(sample(replicaText, 'relais_queue_jobs', { queue: TEST_QUEUE, state: 'waiting' })).toBe(4);
    expect(sample(replicaText, 'relais_runs', { flow: NOOP_FLOW.name, state: 'PENDING' })).toBe(3);
    expect(
      sample(replicaText, 'relais_api_runs_started_total', { flow: NOOP_FLOW.name, route: 'flow' }),
    ).toBeUndefined();
  });

  it('follows the queues as they change between scrapes', async () => {
    const before = sample(await scrape(api.gateway), 'relais_queue_jobs', { queue: TEST_QUEUE, state: 'waiting' })!;
    await callApi(api.gateway, 'POST', `/api/flows/${NOOP_FLOW.name}/runs`);
    const after = sample(await scrape(api.gateway), 'relais_queue_jobs', { queue: TEST_QUEUE, state: 'waiting' });
    expect(after).toBe(before + 1);
  });

  it('needs a token', async () => {
    const { status } = await callApi(api.gateway, 'GET', '/metrics', { token: null });
    expect(status).toBe(401);
  });
});
