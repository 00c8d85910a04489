import { describe, expect, it } from 'vitest';
import { firstRequestsFor } from './first-requests';
import { filtersFromSearch, queryString, runsQuery } from './run-filters';

describe('the requests started before the app runs', () => {
  const now = Date.parse('2026-12-03T17:20:31Z');

  it('are, on the runs page, the session and the very page of runs the page asks for, filters included', () => {
    const search = '?flow=ops.health-check&state=FAILED&range=24h';
    const asked = `/api/runs${queryString({
      ...runsQuery(filtersFromSearch({ flow: 'ops.health-check', state: 'FAILED', range: '24h' }), now, 100),
    })}`;
    expect(firstRequestsFor('/runs', search, now)).toEqual(['/api/session', asked]);
    expect(asked).toContain('flow=ops.health-check');
    expect(asked).toContain('limit=100');
  });

  it('are, on a run’s page, the run and its first 1000 log lines; elsewhere the session only', () => {
    expect(firstRequestsFor('/runs/6f1c', '', now)).toEqual([
      '/api/session',
      '/api/runs/6f1c',
      '/api/runs/6f1c/logs?after=0&limit=200',
    ]);
    expect(firstRequestsFor('/deployments', '', now)).toEqual(['/api/session']);
    expect(firstRequestsFor('/runs/6f1c/steps', '', now)).toEqual(['/api/session']);
  });
});
