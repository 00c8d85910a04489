import { randomUUID } from 'node:crypto';
import { RunState, type ApiError, type RunSummary } from '@relais/contracts';
import type { BulkRunActionResponse } from '../../apps/gateway/src/api/openapi/bulk-run-action.response';
import { aFlowRun } from '../support/flow-run.fixture';
import { callApi, createToken } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

/** No worker consumes `ops` here: its runs stay PENDING until cancelled. */
const UNCONSUMED_FLOW = 'ops.health-check';

describe('REST API: bulk cancel and retry by filter (POST /api/runs/bulk-actions)', () => {
  const api = useApiGateway();

  const bulk = (query: string, body: unknown, token?: string) =>
    callApi<BulkRunActionResponse & ApiError>(api.gateway, 'POST', `/api/runs/bulk-actions${query}`, { body, token });

  const statesOf = async (ids: string[]) => (await api.runs.findByIds(ids)).map((run) => run.state);

  it('acts on every run the filter matches, counting first for the confirmation', async () => {
    const started: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await callApi<RunSummary>(api.gateway, 'POST', `/api/flows/${UNCONSUMED_FLOW}/runs`, {
        body: { parameters: { detailed: false } },
      });
      started.push(response.body.id);
    }
    // Another flow's failed run: outside the filter, it is neither counted nor touched.
    const other = aFlowRun({ flowName: 'bulk.other-flow', state: RunState.FAILED });
    await api.runs.insertMany([other]);

    const count = await bulk(`?flow=${UNCONSUMED_FLOW}`, { action: 'cancel', dryRun: true });
    expect(count.status).toBe(200);
    expect(count.body).toMatchObject({ action: 'cancel', dryRun: true, matched: 3, done: 0 });
    expect(await statesOf(started)).toEqual([RunState.PENDING, RunState.PENDING, RunState.PENDING]);

    const cancelled = await bulk(`?flow=${UNCONSUMED_FLOW}&state=PENDING`, { action: 'cancel' });
    expect(cancelled.body).toMatchObject({ matched: 3, done: 3, refused: 0 });
    expect(new Set(await statesOf(started))).toEqual(new Set([RunState.CANCELLED]));

    // Retry takes the ended runs only: the filter's COMPLETED is left out of what it applies to.
    const retried = await bulk(`?flow=${UNCONSUMED_FLOW}&state=CANCELLED,COMPLETED`, { action: 'retry' });
    expect(retried.body).toMatchObject({ matched: 3, done: 3, refused: 0 });
    expect(new Set(await statesOf(started))).toEqual(new Set([RunState.PENDING]));
    expect(await statesOf([other.id])).toEqual([RunState.FAILED]);
  });

  it('bounds an action to 1000 runs: the count says how many, the action is refused naming the filter', async () => {
    const createdAt = Date.parse('2025-06-01T00:00:00Z');
    await api.runs.insertMany(
      Array.from({ length: 1001 }, (_, i) =>
        aFlowRun({ flowName: 'bulk.many', state: RunState.FAILED, createdAt: createdAt + i, updatedAt: createdAt + i }),
      ),
    );
    const count = await bulk('?flow=bulk.many', { action: 'retry', dryRun: true });
    expect(count.body).toMatchObject({ matched: 1001, done: 0 });
    const refused = await bulk('?flow=bulk.many', { action: 'retry' });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields ?? {})).toEqual(['filter']);
    expect(await api.runs.list({ flowName: 'bulk.many', states: [RunState.PENDING], limit: 10 })).toHaveLength(0);
  });

  it('acts on runs picked by id in one request, refusing those unknown or in another state with the reason', async () => {
    const queued = [aFlowRun({ state: RunState.PENDING }), aFlowRun({ state: RunState.PENDING })];
    const failed = aFlowRun({ flowName: UNCONSUMED_FLOW, state: RunState.FAILED });
    const untouched = aFlowRun({ state: RunState.PENDING });
    await api.runs.insertMany([...queued, failed, untouched]);
    const unknown = randomUUID();
    const picked = [...queued.map((run) => run.id), failed.id, unknown, queued[0].id];

    const count = await bulk('', { action: 'cancel', dryRun: true, runIds: picked });
    expect(count.body).toMatchObject({ matched: 2, done: 0, refused: 2 });
    expect(await statesOf([queued[0].id])).toEqual([RunState.PENDING]);

    const cancelled = await bulk('', { action: 'cancel', runIds: picked });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ action: 'cancel', matched: 2, done: 2, refused: 2 });
    expect(cancelled.body.refusals).toEqual([
      { runId: failed.id, message: expect.stringContaining('is FAILED') as string },
      { runId: unknown, message: `No run ${unknown}` },
    ]);
    expect(new Set(await statesOf(queued.map((run) => run.id)))).toEqual(new Set([RunState.CANCELLED]));
    expect(await statesOf([untouched.id])).toEqual([RunState.PENDING]);

    const retried = await bulk('', { action: 'retry', runIds: [failed.id] });
    expect(retried.body).toMatchObject({ matched: 1, done: 1, refused: 0 });
    expect(await statesOf([failed.id])).toEqual([RunState.PENDING]);
  });

  it('bounds the picked runs to 1000 and refuses them beside a filter, naming runIds', async () => {
    const tooMany = await bulk('', { action: 'cancel', runIds: Array.from({ length: 1001 }, () => randomUUID()) });
    expect(tooMany.status).toBe(400);
    expect(Object.keys(tooMany.body.fields ?? {})).toEqual(['runIds']);
    expect(tooMany.body.fields?.runIds.join(' ')).toContain('1000');
    for (const runIds of [[], 'abc', [42], ['x'.repeat(101)]]) {
      const bad = await bulk('', { action: 'cancel', runIds });
      expect({ runIds, status: bad.status, fields: Object.keys(bad.body.fields ?? {}) }).toEqual({
        runIds,
        status: 400,
        fields: ['runIds'],
      });
    }
    const both = await bulk('?flow=ops.health-check', { action: 'cancel', runIds: [randomUUID()] });
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.fields ?? {})).toEqual(['runIds']);
    const viewer = await createToken(api.gateway, 'bulk-picker', 'viewer');
    expect((await bulk('', { action: 'cancel', runIds: [randomUUID()] }, viewer.token)).status).toBe(403);
  });

  it('refuses a viewer, an unknown action and a paging parameter, naming what is wrong', async () => {
    const viewer = await createToken(api.gateway, 'bulk-viewer', 'viewer');
    expect((await bulk('', { action: 'cancel', dryRun: true }, viewer.token)).status).toBe(403);
    const badAction = await bulk('', { action: 'delete' });
    expect(badAction.status).toBe(400);
    expect(Object.keys(badAction.body.fields ?? {})).toEqual(['action']);
    const paged = await bulk('?limit=10', { action: 'cancel' });
    expect(paged.status).toBe(400);
    expect(Object.keys(paged.body.fields ?? {})).toEqual(['limit']);
  });
});
