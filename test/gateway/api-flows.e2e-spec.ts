import { randomUUID } from 'node:crypto';
import { RunState, type ApiError, type FlowSummary, type RunSummary } from '@relais/contracts';
import { QueueRegistry } from '@relais/engine';
import { FAIL_FLOW, NOOP_FLOW, PARENT_FLOW, STEPS_FLOW, TEST_QUEUE } from '../engine/test-flows';
import { callApi } from './gateway-harness';
import { useApiGateway, waitForApiRunState } from './api-test-gateway';

describe('REST API: flows and starting runs', () => {
  const api = useApiGateway({ worker: true, env: { BODY_LIMIT_KB: '2' } });

  describe('GET /api/flows', () => {
    it('lists every flow of the catalogue with its parameter schema, defaults and policies', async () => {
      const { status, body } = await callApi<FlowSummary[]>(api.gateway, 'GET', '/api/flows');
      expect(status).toBe(200);
      const names = body.map((flow) => flow.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining(['ops.health-check', STEPS_FLOW.name, NOOP_FLOW.name]));

      const health = body.find((flow) => flow.name === 'ops.health-check');
      expect(health).toEqual({
        name: 'ops.health-check',
        queue: 'ops',
        description: expect.any(String) as string,
        parametersSchema: {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: {
            alert_threshold: { type: 'integer', minimum: 0, maximum: 100, default: 70 },
            detailed: { type: 'boolean', default: false },
          },
          additionalProperties: false,
        },
        retry: { attempts: 2, backoffMs: 5000, jitter: 0.2 },
        timeoutMs: 120_000,
        concurrencyLimit: 1,
      });
    });

    it('requires only parameters without a default, and describes arrays and parameterless flows', async () => {
      const { body } = await callApi<FlowSummary[]>(api.gateway, 'GET', '/api/flows');
      const steps = body.find((flow) => flow.name === STEPS_FLOW.name)!;
      // `steps` is not @IsOptional but has a default: a caller may leave it out.
      expect(steps.parametersSchema.required).toBeUndefined();
      expect(steps.parametersSchema.properties).toMatchObject({
        steps: { type: 'integer', minimum: 1, maximum: 20, default: 3 },
        failing_step: { type: 'integer' },
      });
      const fanOut = body.find((flow) => flow.name === PARENT_FLOW.name)!;
      expect(fanOut.parametersSchema.properties).toMatchObject({
        failing_children: { type: 'array', items: { type: 'integer' }, default: [] },
      });
      const noop = body.find((flow) => flow.name === NOOP_FLOW.name)!;
      expect(noop.parametersSchema).toEqual({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {},
        additionalProperties: false,
      });
    });
  });

  describe('GET /api/flows/{name}', () => {
    it('describes one flow', async () => {
      const { status, body } = await callApi<FlowSummary>(api.gateway, 'GET', `/api/flows/${FAIL_FLOW.name}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ name: FAIL_FLOW.name, queue: TEST_QUEUE, retry: { attempts: 2 } });
    });

    it('answers 404 for an unknown flow', async () => {
      const { status, body } = await callApi<ApiError>(api.gateway, 'GET', '/api/flows/ops.no-such-flow');
      expect(status).toBe(404);
      expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Unknown flow "ops.no-such-flow"' });
    });
  });

  describe('POST /api/flows/{name}/runs', () => {
    it('records and enqueues a run (201), which a worker then completes', async () => {
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, {
        body: { parameters: { steps: 2 } },
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        flowName: STEPS_FLOW.name,
        queue: TEST_QUEUE,
        state: RunState.PENDING,
        triggeredBy: 'api',
        deploymentName: null,
        parentRunId: null,
        attempts: 0,
        maxAttempts: 3,
        startedAt: null,
        durationMs: null,
      });
      const stored = await api.runs.findById(body.id);
      expect(stored).toMatchObject({ parameters: { steps: 2, step_ms: 0 }, triggeredBy: 'api' });

      const done = await waitForApiRunState(api.gateway, body.id, [RunState.COMPLETED]);
      expect(done.progress).toBe(100);
      expect(done.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('starts a run with the defaults when the body is empty or absent', async () => {
      const empty = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${NOOP_FLOW.name}/runs`, { body: {} });
      const absent = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`);
      expect([empty.status, absent.status]).toEqual([201, 201]);
      expect((await api.runs.findById(absent.body.id))?.parameters).toEqual({ steps: 3, step_ms: 0 });
      await waitForApiRunState(api.gateway, empty.body.id, [RunState.COMPLETED]);
    });

    it('answers 200 with the same run when the idempotency key is used again for the same flow', async () => {
      const idempotencyKey = `nightly-${randomUUID()}`;
      const path = `/api/flows/${STEPS_FLOW.name}/runs`;
      const first = await callApi<RunSummary>(api.gateway, 'POST', path, { body: { idempotencyKey } });
      const again = await callApi<RunSummary>(api.gateway, 'POST', path, {
        body: { idempotencyKey, parameters: { steps: 5 } },
      });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.id).toBe(first.body.id);
      expect((await api.runs.findById(first.body.id))?.parameters).toMatchObject({ steps: 3 });
      expect(await api.runs.list({ flowName: STEPS_FLOW.name, limit: 1000 })).toContainEqual(
        expect.objectContaining({ id: first.body.id, idempotencyKey: `api:${STEPS_FLOW.name}:${idempotencyKey}` }),
      );

      // The key is scoped to the flow: another flow with the same key starts its own run.
      const other = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${NOOP_FLOW.name}/runs`, {
        body: { idempotencyKey },
      });
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
    });

    it('answers 400 naming each bad parameter, and enqueues nothing', async () => {
      const before = await api.gateway.moduleRef.get(QueueRegistry).get(TEST_QUEUE).count();
      const { status, body } = await callApi<ApiError>(api.gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, {
        body: { parameters: { steps: 99, step_ms: 'slow', colour: 'red' } },
      });
      expect(status).toBe(400);
      expect(body.statusCode).toBe(400);
      expect(body.error).toBe('Bad Request');
      expect(Object.keys(body.fields ?? {}).sort()).toEqual(['colour', 'step_ms', 'steps']);
      expect(body.fields?.steps).toEqual(['steps must not be greater than 20']);
      expect(body.fields?.colour).toEqual(['is not a parameter of this flow']);
      expect(body.message).toContain('steps');
      expect(await api.gateway.moduleRef.get(QueueRegistry).get(TEST_QUEUE).count()).toBe(before);
    });

    it.each<[string, unknown, string[]]>([
      ['parameters that are not an object', { parameters: [1, 2] }, ['parameters']],
      ['a key that is too long', { idempotencyKey: 'k'.repeat(81) }, ['idempotencyKey']],
      ['an empty key', { idempotencyKey: '' }, ['idempotencyKey']],
      ['a key with control characters', { idempotencyKey: 'a\nb' }, ['idempotencyKey']],
      ['an unknown body field', { parameters: {}, priority: 'high' }, ['priority']],
      ['several bad fields at once', { parameters: 'x', idempotencyKey: 7 }, ['idempotencyKey', 'parameters']],
    ])('answers 400 for %s', async (_name, body, fields) => {
      const response = await callApi<ApiError>(api.gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, { body });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields ?? {}).sort()).toEqual(fields);
    });

    it('answers 404 for an unknown flow', async () => {
      const { status, body } = await callApi<ApiError>(api.gateway, 'POST', '/api/flows/ops.no-such-flow/runs', {
        body: { parameters: {} },
      });
      expect(status).toBe(404);
      expect(body.message).toBe('Unknown flow "ops.no-such-flow"');
    });

    it('answers 400 for malformed JSON', async () => {
      const { status, body } = await callApi<ApiError>(api.gateway, 'POST', `/api/flows/${STEPS_FLOW.name}/runs`, {
        body: '{"parameters": {',
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(body.message).toMatch(/JSON/);
    });

    it('answers 413 for a body over BODY_LIMIT_KB, and starts nothing', async () => {
      const before = (await api.runs.countByFlowAndState()).reduce((sum, row) => sum + row.count, 0);
      const { status, body } = await callApi<ApiError>(api.gateway, 'POST', `/api/flows/${FAIL_FLOW.name}/runs`, {
        body: { parameters: { message: 'x'.repeat(3 * 1024) } },
      });
      expect(status).toBe(413);
      expect(body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Request body too large: the limit is 2048 bytes',
      });
      const after = (await api.runs.countByFlowAndState()).reduce((sum, row) => sum + row.count, 0);
      expect(after).toBe(before);
    });
  });

  it('answers 404 in the ApiError shape for a route that does not exist', async () => {
    const { status, body } = await callApi<ApiError>(api.gateway, 'GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
