import { RunState, type ApiError, type FlowStats, type RunStats } from '@relais/contracts';
import type { FlowRunEntity } from '@relais/persistence';
import { aFlowRun } from '../support/flow-run.fixture';
import { callApi } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('REST API: GET /api/stats', () => {
  const api = useApiGateway();
  const now = Date.now();

  const run = (flowName: string, state: RunState, createdAt: number, durationMs?: number): FlowRunEntity =>
    aFlowRun({
      flowName,
      state,
      createdAt,
      updatedAt: createdAt,
      startedAt: durationMs === undefined ? null : createdAt + 5,
      endedAt: durationMs === undefined ? null : createdAt + 5 + durationMs,
    });

  beforeAll(async () => {
    await api.runs.insertMany([
      // In the last 24 hours: alpha completes 10 runs of 100…1000 ms, fails 2, is cancelled once and crashes once.
      ...Array.from({ length: 10 }, (_, i) => run('stats.alpha', RunState.COMPLETED, now - HOUR - i, (i + 1) * 100)),
      run('stats.alpha', RunState.FAILED, now - 2 * HOUR, 7000),
      run('stats.alpha', RunState.FAILED, now - 3 * HOUR, 9000),
      run('stats.alpha', RunState.CANCELLED, now - 4 * HOUR, 50),
      run('stats.alpha', RunState.CRASHED, now - 5 * HOUR),
      run('stats.beta', RunState.RUNNING, now - 2 * HOUR),
      // Three days ago: three completed beta runs.
      run('stats.beta', RunState.COMPLETED, now - 3 * DAY, 10),
      run('stats.beta', RunState.COMPLETED, now - 3 * DAY, 20),
      run('stats.beta', RunState.COMPLETED, now - 3 * DAY, 30),
      // Older than a week.
      run('stats.gamma', RunState.FAILED, now - 8 * DAY, 1),
    ]);
  });

  const alphaToday: FlowStats = {
    flowName: 'stats.alpha',
    total: 14,
    byState: { COMPLETED: 10, FAILED: 2, CANCELLED: 1, CRASHED: 1 },
    successRate: 0.7692,
    meanDurationMs: 550,
    p95DurationMs: 1000,
  };

  it('covers the last 24 hours by default: counts by state, success rate, mean and p95 per flow', async () => {
    const { status, body } = await callApi<RunStats>(api.gateway, 'GET', '/api/stats');
    expect(status).toBe(200);
    expect(Date.parse(body.to)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(DAY);
    expect(body).toMatchObject({
      total: 15,
      byState: { COMPLETED: 10, FAILED: 2, CANCELLED: 1, CRASHED: 1, RUNNING: 1 },
      successRate: 0.7692,
      meanDurationMs: 550,
      p95DurationMs: 1000,
      flows: [
        alphaToday,
        {
          flowName: 'stats.beta',
          total: 1,
          byState: { RUNNING: 1 },
          successRate: null,
          meanDurationMs: null,
          p95DurationMs: null,
        },
      ],
    });
  });

  it('takes a window length back from now (window=7d)', async () => {
    const { body } = await callApi<RunStats>(api.gateway, 'GET', '/api/stats?window=7d');
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * DAY);
    expect(body.total).toBe(18);
    expect(body.byState.COMPLETED).toBe(13);
    // 13 completed durations: (100 + … + 1000 + 10 + 20 + 30) / 13; rank ⌈0.95 × 13⌉ = 13 is the longest.
    expect(body.meanDurationMs).toBe(Math.round(5560 / 13));
    expect(body.p95DurationMs).toBe(1000);
    expect(body.successRate).toBe(0.8125);
    expect(body.flows.find((flow) => flow.flowName === 'stats.beta')).toEqual({
      flowName: 'stats.beta',
      total: 4,
      byState: { RUNNING: 1, COMPLETED: 3 },
      successRate: 1,
      meanDurationMs: 20,
      p95DurationMs: 30,
    });
  });

  it('takes explicit bounds (from inclusive, to exclusive)', async () => {
    const from = new Date(now - 4 * DAY).toISOString();
    const to = new Date(now - 2 * DAY).toISOString();
    const { body } = await callApi<RunStats>(api.gateway, 'GET', `/api/stats?from=${from}&to=${to}`);
    expect(body).toEqual({
      from,
      to,
      total: 3,
      byState: { COMPLETED: 3 },
      successRate: 1,
      meanDurationMs: 20,
      p95DurationMs: 30,
      flows: [
        {
          flowName: 'stats.beta',
          total: 3,
          byState: { COMPLETED: 3 },
          successRate: 1,
          meanDurationMs: 20,
          p95DurationMs: 30,
        },
      ],
    });
  });

  it('answers an empty window with zeros and nulls', async () => {
    const { body } = await callApi<RunStats>(api.gateway, 'GET', '/api/stats?from=2001-01-01&to=2001-01-02');
    expect(body).toEqual({
      from: '2001-01-01T00:00:00.000Z',
      to: '2001-01-02T00:00:00.000Z',
      total: 0,
      byState: {},
      successRate: null,
      meanDurationMs: null,
      p95DurationMs: null,
      flows: [],
    });
  });

  it.each<[string, string, string[]]>([
    ['a window that is not a length', 'window=week', ['window']],
    ['a window of zero', 'window=0d', ['window']],
    ['a date that is not ISO-8601', 'from=monday', ['from']],
    ['from after to', 'from=2025-02-01&to=2025-01-01', ['from']],
    ['both window and from', 'window=7d&from=2025-01-01', ['window']],
    ['an unknown parameter', 'flow=stats.alpha', ['flow']],
  ])('answers 400 for %s', async (_name, query, fields) => {
    const { status, body } = await callApi<ApiError>(api.gateway, 'GET', `/api/stats?${query}`);
    expect(status).toBe(400);
    expect(Object.keys(body.fields ?? {})).toEqual(fields);
  });
});
