import type { TestingModule } from '@nestjs/testing';
import {
  RunState,
  type ApiError,
  type DeploymentDefinition,
  type DeploymentSummary,
  type RunSummary,
} from '@relais/contracts';
import { schedulerIdOf } from '@relais/engine';
import { DeploymentRepository } from '@relais/persistence';
import { NOOP_FLOW, STEPS_FLOW, TEST_CONTRACTS } from '../engine/test-flows';
import { schedulesQueueOf, startScheduler } from '../scheduler/scheduler-harness';
import { callApi } from './gateway-harness';
import { useApiGateway, waitForApiRunState } from './api-test-gateway';

const MANUAL = 'api-manual-steps';
const NIGHTLY = 'api-nightly-noop';
const DORMANT = 'api-dormant-noop';

/** Flows a worker runs (the engine's test flows); cron schedules that will not fire during the test. */
const DEFINITIONS: DeploymentDefinition[] = [
  {
    name: MANUAL,
    flow: STEPS_FLOW.name,
    description: 'Runs only when asked',
    parameters: { steps: 2 },
    tags: ['test', 'manual'],
  },
  {
    name: NIGHTLY,
    flow: NOOP_FLOW.name,
    description: 'Nightly at 03:17 in Paris',
    parameters: {},
    schedule: { cron: '17 3 * * *', timezone: 'Europe/Paris' },
    tags: ['test'],
  },
  {
    name: DORMANT,
    flow: NOOP_FLOW.name,
    description: 'Paused until someone resumes it',
    parameters: {},
    schedule: { cron: '0 4 1 1 *' },
    pausedByDefault: true,
    tags: [],
  },
];

describe('REST API: deployments (gateway, scheduler and worker on one Redis and database)', () => {
  const api = useApiGateway({ worker: true });
  let scheduler: TestingModule | undefined;

  beforeAll(async () => {
    // The scheduler syncs the catalogue into the database; the gateway only reads and changes it.
    scheduler = await startScheduler(api.gateway.config, DEFINITIONS, TEST_CONTRACTS);
  });
  afterAll(async () => {
    await scheduler?.close();
  });

  const jobSchedulerOf = (name: string) => schedulesQueueOf(scheduler!).getJobScheduler(schedulerIdOf(name));
  const get = (name: string) => callApi<DeploymentSummary>(api.gateway, 'GET', `/api/deployments/${name}`);

  it('lists every deployment by name with its schedule, flags and run times', async () => {
    const { status, body } = await callApi<DeploymentSummary[]>(api.gateway, 'GET', '/api/deployments');
    expect(status).toBe(200);
    expect(body.map((deployment) => deployment.name)).toEqual([DORMANT, MANUAL, NIGHTLY]);
    const [dormant, manual, nightly] = body;
    expect(manual).toEqual({
      name: MANUAL,
      flowName: STEPS_FLOW.name,
      description: 'Runs only when asked',
      parameters: { steps: 2 },
      schedule: null,
      paused: false,
      tags: ['test', 'manual'],
      inCatalogue: true,
      lastRunId: null,
      lastRunAt: null,
      nextRunAt: null,
    });
    expect(nightly).toMatchObject({ schedule: { cron: '17 3 * * *', timezone: 'Europe/Paris' }, paused: false });
    expect(Date.parse(nightly.nextRunAt!)).toBeGreaterThan(Date.now());
    // No timezone in the definition: the scheduler's default (RELAIS_TIMEZONE) is what it runs in.
    expect(dormant).toMatchObject({ schedule: { cron: '0 4 1 1 *', timezone: api.gateway.config.timezone } });
    expect(dormant).toMatchObject({ paused: true, nextRunAt: null });
  });

  it('shows one deployment, and answers 404 for an unknown one', async () => {
    const { status, body } = await get(NIGHTLY);
    expect(status).toBe(200);
    expect(body.name).toBe(NIGHTLY);
    const missing = await callApi<ApiError>(api.gateway, 'GET', '/api/deployments/no-such-deployment');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Deployment "no-such-deployment" not found',
    });
  });

  describe('POST /api/deployments/{name}/run', () => {
    it('starts a run now with overrides merged over the defaults (201), which the worker completes', async () => {
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/deployments/${MANUAL}/run`, {
        body: { parameters: { step_ms: 5 } },
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        flowName: STEPS_FLOW.name,
        deploymentName: MANUAL,
        triggeredBy: 'api',
        state: RunState.PENDING,
      });
      expect((await api.runs.findById(body.id))?.parameters).toEqual({ steps: 2, step_ms: 5 });
      expect((await get(MANUAL)).body).toMatchObject({ lastRunId: body.id, lastRunAt: body.createdAt });
      await waitForApiRunState(api.gateway, body.id, [RunState.COMPLETED]);
    });

    it('runs with the defaults when there is no body', async () => {
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/deployments/${NIGHTLY}/run`);
      expect(status).toBe(201);
      expect(body.deploymentName).toBe(NIGHTLY);
    });

    it('answers 400 naming each bad override, 404 for an unknown deployment', async () => {
      const bad = await callApi<ApiError>(api.gateway, 'POST', `/api/deployments/${MANUAL}/run`, {
        body: { parameters: { steps: 0, verbose: true } },
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields ?? {}).sort()).toEqual(['steps', 'verbose']);

      const notObject = await callApi<ApiError>(api.gateway, 'POST', `/api/deployments/${MANUAL}/run`, {
        body: { parameters: 'steps=3' },
      });
      expect(notObject.status).toBe(400);
      expect(Object.keys(notObject.body.fields ?? {})).toEqual(['parameters']);

      const missing = await callApi(api.gateway, 'POST', '/api/deployments/no-such-deployment/run', { body: {} });
      expect(missing.status).toBe(404);
    });
  });

  describe('pause and resume', () => {
    it('pauses a deployment (its job scheduler goes) and resumes it (the job scheduler is back)', async () => {
      expect(await jobSchedulerOf(NIGHTLY)).toMatchObject({ pattern: '17 3 * * *', tz: 'Europe/Paris' });

      const paused = await callApi<DeploymentSummary>(api.gateway, 'POST', `/api/deployments/${NIGHTLY}/pause`);
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ name: NIGHTLY, paused: true, nextRunAt: null });
      expect(await jobSchedulerOf(NIGHTLY)).toBeUndefined();

      const resumed = await callApi<DeploymentSummary>(api.gateway, 'POST', `/api/deployments/${NIGHTLY}/resume`);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ name: NIGHTLY, paused: false });
      expect(Date.parse(resumed.body.nextRunAt!)).toBeGreaterThan(Date.now());
      expect(await jobSchedulerOf(NIGHTLY)).toMatchObject({ pattern: '17 3 * * *' });
    });

    it('answers 404 for an unknown deployment', async () => {
      for (const action of ['pause', 'resume']) {
        const { status } = await callApi(api.gateway, 'POST', `/api/deployments/no-such-deployment/${action}`);
        expect(status).toBe(404);
      }
    });

    it('pauses every deployment at once, and resumes those it paused: not one paused before', async () => {
      // DORMANT is paused by default (until someone configures it): "resume all" must not wake it.
      expect((await get(DORMANT)).body.paused).toBe(true);
      const paused = await callApi<DeploymentSummary[]>(api.gateway, 'POST', '/api/deployments/pause-all');
      expect(paused.status).toBe(200);
      expect(paused.body.map((deployment) => [deployment.name, deployment.paused])).toEqual([
        [DORMANT, true],
        [MANUAL, true],
        [NIGHTLY, true],
      ]);
      expect(await jobSchedulerOf(NIGHTLY)).toBeUndefined();
      const rows = await api.gateway.moduleRef.get(DeploymentRepository).findAll();
      expect(rows.every((row) => row.paused)).toBe(true);

      const resumed = await callApi<DeploymentSummary[]>(api.gateway, 'POST', '/api/deployments/resume-all');
      expect(resumed.status).toBe(200);
      expect(resumed.body.map((deployment) => [deployment.name, deployment.paused])).toEqual([
        [DORMANT, true],
        [MANUAL, false],
        [NIGHTLY, false],
      ]);
      expect(await jobSchedulerOf(NIGHTLY)).toBeDefined();
      expect(await jobSchedulerOf(DORMANT)).toBeUndefined();
    });
  });
});
