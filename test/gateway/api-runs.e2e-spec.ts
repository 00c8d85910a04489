import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  RunState,
  type ApiError,
  type LogLine,
  type LogPage,
  type Page,
  type Report,
  type RunDetail,
  type RunSummary,
} from '@relais/contracts';
import { REDIS_CLIENT } from '@relais/engine';
import { ArtifactRepository, RunLogRepository, type FlowRunEntity } from '@relais/persistence';
import { FAIL_FLOW, PARENT_FLOW, SLEEP_FLOW, STEPS_FLOW } from '../engine/test-flows';
import { aFlowRun } from '../support/flow-run.fixture';
import { waitFor } from '../support/test-env';
import { callApi } from './gateway-harness';
import { useApiGateway, waitForApiRunState } from './api-test-gateway';

/** No worker consumes `ops` in these tests: its runs stay PENDING. */
const UNCONSUMED_FLOW = 'ops.health-check';

describe('REST API: runs', () => {
  const api = useApiGateway({ worker: true });

  async function start(flowName: string, parameters: Record<string, unknown> = {}): Promise<RunSummary> {
    const response = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${flowName}/runs`, {
      body: { parameters },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  /** Every page of `GET /api/runs?{query}`, following nextCursor; checks each page's size on the way. */
  async function allPages(query: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500; page++) {
      const path: string = `/api/runs?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await callApi<Page<RunSummary>>(api.gateway, 'GET', path);
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...response.body.items.map((run) => run.id));
      cursor = response.body.nextCursor;
      if (cursor === null) return ids;
      expect(response.body.items).toHaveLength(limit);
    }
    throw new Error('GET /api/runs never reached its last page');
  }

  const newestFirst = (a: FlowRunEntity, b: FlowRunEntity): number =>
    b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  describe('GET /api/runs', () => {
    // 1,234 runs of flows only this block uses, three to a millisecond so that ties on created_at are split by id.
    const base = Date.parse('2025-03-01T00:00:00Z');
    const states = [RunState.COMPLETED, RunState.FAILED, RunState.PENDING, RunState.CRASHED];
    const parentId = randomUUID();
    const many: FlowRunEntity[] = Array.from({ length: 1234 }, (_, i) =>
      aFlowRun({
        flowName: i % 5 === 0 ? 'load.other-flow' : 'load.page-flow',
        state: states[i % states.length],
        deploymentName: i % 10 === 3 ? 'load-deployment' : null,
        parentRunId: i % 50 === 7 ? parentId : null,
        createdAt: base + Math.floor(i / 3),
        updatedAt: base + Math.floor(i / 3),
      }),
    );
    const expectedIds = (keep: (run: FlowRunEntity) => boolean): string[] =>
      many
        .filter(keep)
        .sort(newestFirst)
        .map((run) => run.id);

    beforeAll(async () => {
      await api.runs.insertMany([...many].sort((a, b) => a.id.localeCompare(b.id)));
    });

    it('pages through many runs with the keyset cursor: each exactly once, newest first', async () => {
      const ids = await allPages('flow=load.page-flow', 100);
      expect(ids).toEqual(expectedIds((run) => run.flowName === 'load.page-flow'));
    });

    it('pages through the whole table at the largest page size (500)', async () => {
      const ids = await allPages('', 500);
      const rows = await api.gateway.moduleRef
        .get(DataSource)
        .query<{ id: string }[]>('SELECT id FROM flow_runs ORDER BY created_at DESC, id DESC');
      expect(ids).toEqual(rows.map((row) => row.id));
    });

    it.each<[string, string, (run: FlowRunEntity) => boolean]>([
      [
        'states (comma list, any case)',
        'flow=load.page-flow&state=failed,CRASHED',
        (run) => run.flowName === 'load.page-flow' && [RunState.FAILED, RunState.CRASHED].includes(run.state),
      ],
      [
        'a repeated state parameter',
        'state=PENDING&state=COMPLETED&flow=load.other-flow',
        (run) => run.flowName === 'load.other-flow' && [RunState.PENDING, RunState.COMPLETED].includes(run.state),
      ],
      ['deployment', 'deployment=load-deployment', (run) => run.deploymentName === 'load-deployment'],
      ['parent', `parent=${parentId}`, (run) => run.parentRunId === parentId],
      [
        'a creation window, `to` excluded',
        `flow=load.page-flow&from=${new Date(base + 100).toISOString()}&to=${new Date(base + 200).toISOString()}`,
        (run) => run.flowName === 'load.page-flow' && run.createdAt >= base + 100 && run.createdAt < base + 200,
      ],
    ])('filters by %s, across pages', async (_name, query, keep) => {
      const expected = expectedIds(keep);
      expect(expected.length).toBeGreaterThan(10);
      expect(await allPages(query, 7)).toEqual(expected);
    });

    it('returns RunSummary items and no cursor on the last page', async () => {
      const { body } = await callApi<Page<RunSummary>>(api.gateway, 'GET', `/api/runs?parent=${parentId}&limit=500`);
      expect(body.nextCursor).toBeNull();
      const newest = many.filter((run) => run.parentRunId === parentId).sort(newestFirst)[0];
      expect(body.items[0]).toEqual({
        id: newest.id,
        flowName: newest.flowName,
        queue: 'ops',
        state: newest.state,
        deploymentName: newest.deploymentName,
        parentRunId: parentId,
        triggeredBy: 'api',
        attempts: 0,
        maxAttempts: 2,
        progress: 0,
        progressMessage: null,
        error: null,
        createdAt: new Date(newest.createdAt).toISOString(),
        updatedAt: new Date(newest.updatedAt).toISOString(),
        startedAt: null,
        endedAt: null,
        durationMs: null,
      });
    });

    it('defaults to 50 runs a page', async () => {
      const { body } = await callApi<Page<RunSummary>>(api.gateway, 'GET', '/api/runs?flow=load.page-flow');
      expect(body.items).toHaveLength(50);
      expect(body.nextCursor).toEqual(expect.any(String));
    });

    const garbledCursor = Buffer.from(JSON.stringify({ createdAt: 1, id: 'x' })).toString('base64url');
    it.each<[string, string, string[]]>([
      ['a limit of 0', 'limit=0', ['limit']],
      ['a limit over 500', 'limit=501', ['limit']],
      ['a limit that is not a number', 'limit=many', ['limit']],
      ['an unknown state', 'state=FAILED,SNOOZING', ['state']],
      ['a cursor that is not base64url', 'cursor=not%20a%20cursor', ['cursor']],
      ['a cursor of the wrong shape', `cursor=${garbledCursor}`, ['cursor']],
      ['dates that are not ISO-8601', 'from=yesterday&to=2025-13-45', ['from', 'to']],
      ['a misspelt parameter', 'states=FAILED', ['states']],
      ['a repeated single-valued parameter', 'flow=a&flow=b', ['flow']],
      ['several bad parameters at once', 'limit=-1&state=nope&cursor=%25', ['cursor', 'limit', 'state']],
    ])('answers 400 naming the field for %s', async (_name, query, fields) => {
      const { status, body } = await callApi<ApiError>(api.gateway, 'GET', `/api/runs?${query}`);
      expect(status).toBe(400);
      expect(body.error).toBe('Bad Request');
      expect(Object.keys(body.fields ?? {}).sort()).toEqual(fields);
      for (const field of fields) expect(body.message).toContain(field);
    });
  });

  describe('GET /api/runs/{id}', () => {
    it('gives a finished run with its parameters, result, steps and reports', async () => {
      const run = await start(STEPS_FLOW.name, { steps: 3 });
      await waitForApiRunState(api.gateway, run.id, [RunState.COMPLETED]);
      const { status, body } = await callApi<RunDetail>(api.gateway, 'GET', `/api/runs/${run.id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        id: run.id,
        state: RunState.COMPLETED,
        parameters: { steps: 3, step_ms: 0 },
        result: { steps: [1, 2, 3] },
        children: [],
        attempts: 1,
        progress: 100,
      });
      expect(body.durationMs).toBe(Date.parse(body.endedAt!) - Date.parse(body.startedAt!));
      expect(body.steps.map((step) => [step.key, step.name, step.state, step.attempt])).toEqual([
        ['step-1', 'step-1', 'COMPLETED', 1],
        ['step-2', 'step-2', 'COMPLETED', 1],
        ['step-3', 'step-3', 'COMPLETED', 1],
      ]);
      expect(body.artifacts).toEqual([
        {
          id: expect.any(String) as string,
          kind: 'markdown',
          key: 'steps-summary',
          createdAt: expect.any(String) as string,
        },
      ]);

      const report = await callApi<Report>(api.gateway, 'GET', `/api/reports/${body.artifacts[0].id}`);
      expect(report.status).toBe(200);
      expect(report.body).toEqual({
        id: body.artifacts[0].id,
        runId: run.id,
        kind: 'markdown',
        key: 'steps-summary',
        content: '# Steps\n\n1, 2, 3',
        createdAt: body.artifacts[0].createdAt,
      });
    });

    it('lists a parent run’s children, which GET /api/runs?parent= also finds', async () => {
      const parent = await start(PARENT_FLOW.name, { children: 3, child_ms: 10, failing_children: [1] });
      await waitForApiRunState(api.gateway, parent.id, [RunState.COMPLETED]);
      const { body } = await callApi<RunDetail>(api.gateway, 'GET', `/api/runs/${parent.id}`);
      expect(body.result).toMatchObject({ succeeded: 2, failed: 1 });
      expect(body.children).toHaveLength(3);
      expect(body.children.map((child) => [child.parentRunId, child.triggeredBy])).toEqual([
        [parent.id, 'child'],
        [parent.id, 'child'],
        [parent.id, 'child'],
      ]);
      expect(body.children.map((child) => child.state).sort()).toEqual([
        RunState.COMPLETED,
        RunState.COMPLETED,
        RunState.FAILED,
      ]);
      const listed = await callApi<Page<RunSummary>>(api.gateway, 'GET', `/api/runs?parent=${parent.id}`);
      expect(listed.body.items.map((child) => child.id).sort()).toEqual(body.children.map((child) => child.id).sort());
    });

    it('answers 404 for an unknown run', async () => {
      const id = randomUUID();
      const { status, body } = await callApi<ApiError>(api.gateway, 'GET', `/api/runs/${id}`);
      expect(status).toBe(404);
      expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: `Run ${id} not found` });
    });
  });

  describe('GET /api/reports/{id}', () => {
    it('parses JSON reports and keeps text as it is', async () => {
      const artifacts = api.gateway.moduleRef.get(ArtifactRepository);
      const runId = randomUUID();
      const json = {
        id: randomUUID(),
        runId,
        kind: 'json' as const,
        key: 'health-report',
        createdAt: 1_750_000_000_000,
      };
      await artifacts.insert({
        ...json,
        content: JSON.stringify({ score: 87, findings: [{ check: 'disk', ok: true }] }),
      });
      const broken = { ...json, id: randomUUID(), content: '{"cut short' };
      await artifacts.insert(broken);

      const parsed = await callApi<Report>(api.gateway, 'GET', `/api/reports/${json.id}`);
      expect(parsed.body).toEqual({
        ...json,
        content: { score: 87, findings: [{ check: 'disk', ok: true }] },
        createdAt: '2025-06-15T15:06:40.000Z',
      });
      const text = await callApi<Report>(api.gateway, 'GET', `/api/reports/${broken.id}`);
      expect(text.body.content).toBe('{"cut short');
    });

    it('answers 404 for an unknown report', async () => {
      const id = randomUUID();
      const { status, body } = await callApi<ApiError>(api.gateway, 'GET', `/api/reports/${id}`);
      expect(status).toBe(404);
      expect(body.message).toBe(`Report ${id} not found`);
    });
  });

  describe('GET /api/runs/{id}/logs', () => {
    it('pages through a run’s log oldest first and says when it is complete', async () => {
      const run = await start(STEPS_FLOW.name, { steps: 7 });
      await waitForApiRunState(api.gateway, run.id, [RunState.COMPLETED]);
      const stored = await api.gateway.moduleRef.get(RunLogRepository).findByRun(run.id);
      expect(stored.length).toBeGreaterThanOrEqual(7);

      const lines: LogLine[] = [];
      let after = 0;
      let complete = false;
      await waitFor(
        async () => {
          const { status, body } = await callApi<LogPage>(
            api.gateway,
            'GET',
            `/api/runs/${run.id}/logs?after=${after}&limit=3`,
          );
          expect(status).toBe(200);
          expect(body.items.length).toBeLessThanOrEqual(3);
          lines.push(...body.items);
          if (body.nextAfter !== null) after = body.nextAfter;
          else expect(body.items).toEqual([]);
          complete = body.complete;
          return complete;
        },
        { timeoutMs: 20_000, message: 'the log to be complete' },
      );
      expect(lines.map((line) => line.id)).toEqual(stored.map((line) => line.id));
      expect(lines.map((line) => line.message)).toEqual(stored.map((line) => line.message));
      expect(lines.find((line) => line.message === 'step 4 done')).toMatchObject({ level: 'info', step: 'step-4' });
      expect(lines[0].at).toBe(new Date(stored[0].createdAt).toISOString());

      const past = await callApi<LogPage>(api.gateway, 'GET', `/api/runs/${run.id}/logs?after=${after}`);
      expect(past.body).toEqual({ items: [], nextAfter: null, complete: true });
    });

    it('is never complete while the run has not ended', async () => {
      const run = await start(UNCONSUMED_FLOW);
      const { status, body } = await callApi<LogPage>(api.gateway, 'GET', `/api/runs/${run.id}/logs`);
      expect(status).toBe(200);
      expect(body).toEqual({ items: [], nextAfter: null, complete: false });
    });

    it.each([
      ['after=-1', ['after']],
      ['limit=5001', ['limit']],
      ['after=x&limit=0', ['after', 'limit']],
    ])('answers 400 for %s', async (query, fields) => {
      const run = await start(UNCONSUMED_FLOW);
      const { status, body } = await callApi<ApiError>(api.gateway, 'GET', `/api/runs/${run.id}/logs?${query}`);
      expect(status).toBe(400);
      expect(Object.keys(body.fields ?? {}).sort()).toEqual(fields);
    });

    it('answers 404 for an unknown run', async () => {
      expect((await callApi(api.gateway, 'GET', `/api/runs/${randomUUID()}/logs`)).status).toBe(404);
    });
  });

  describe('POST /api/runs/{id}/cancel', () => {
    it('cancels a queued run at once', async () => {
      const run = await start(UNCONSUMED_FLOW);
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/runs/${run.id}/cancel`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: run.id, state: RunState.CANCELLED });
      expect(body.endedAt).not.toBeNull();
    });

    it('signals the worker of a running run, which ends it CANCELLED', async () => {
      const run = await start(SLEEP_FLOW.name, { ms: 60_000 });
      await waitForApiRunState(api.gateway, run.id, [RunState.RUNNING]);
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/runs/${run.id}/cancel`);
      expect(status).toBe(200);
      expect([RunState.CANCELLING, RunState.CANCELLED]).toContain(body.state);
      await waitForApiRunState(api.gateway, run.id, [RunState.CANCELLED]);
    });

    it('answers 409 for a run that has already ended, 404 for an unknown one', async () => {
      const run = await start(UNCONSUMED_FLOW);
      await callApi(api.gateway, 'POST', `/api/runs/${run.id}/cancel`);
      const again = await callApi<ApiError>(api.gateway, 'POST', `/api/runs/${run.id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `Run ${run.id} has already ended (CANCELLED)`,
      });
      expect((await callApi(api.gateway, 'POST', `/api/runs/${randomUUID()}/cancel`)).status).toBe(404);
    });
  });

  describe('POST /api/runs/{id}/retry', () => {
    it('runs a failed run again under the same id', async () => {
      const run = await start(FAIL_FLOW.name, { message: 'no luck', permanent: true });
      await waitForApiRunState(api.gateway, run.id, [RunState.FAILED]);
      const { status, body } = await callApi<RunSummary>(api.gateway, 'POST', `/api/runs/${run.id}/retry`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: run.id, state: RunState.PENDING, error: null, endedAt: null });
      const failedAgain = await waitForApiRunState(api.gateway, run.id, [RunState.FAILED]);
      expect(failedAgain.error).toBe('no luck');
      // The test flow counts its executions in Redis: once before the retry, once after.
      const redis = api.gateway.moduleRef.get<Redis>(REDIS_CLIENT);
      expect(await redis.get(`test:exec:${run.id}:attempts`)).toBe('2');
    });

    it('answers 409 when the run is not FAILED, CANCELLED or CRASHED, 404 for an unknown one', async () => {
      const run = await start(UNCONSUMED_FLOW);
      const { status, body } = await callApi<ApiError>(api.gateway, 'POST', `/api/runs/${run.id}/retry`);
      expect(status).toBe(409);
      expect(body.message).toBe(`Run ${run.id} is PENDING; only FAILED, CANCELLED or CRASHED runs can be retried`);
      expect((await callApi(api.gateway, 'POST', `/api/runs/${randomUUID()}/retry`)).status).toBe(404);
    });
  });
});
