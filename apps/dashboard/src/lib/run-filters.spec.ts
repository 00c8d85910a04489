import { describe, expect, it } from 'vitest';
import {
  bulkFilterQuery,
  filtersFromSearch,
  matchesFilters,
  queryString,
  runsQuery,
  searchFromFilters,
} from './run-filters';

const NOW = Date.parse('2026-12-03T10:15:42.123Z');

describe('runs filters → GET /api/runs query', () => {
  it('sends only the filters set, states sorted and comma-separated', () => {
    expect(runsQuery({ flow: 'ops.health-check', states: ['RUNNING', 'FAILED'] }, NOW)).toEqual({
      limit: 50,
      flow: 'ops.health-check',
      state: 'FAILED,RUNNING',
    });
    expect(runsQuery({}, NOW, 100, 'abc')).toEqual({ limit: 100, cursor: 'abc' });
    expect(runsQuery({ text: '  Q296 ' }, NOW)).toEqual({ limit: 50, q: 'Q296' });
    expect(runsQuery({ text: '   ' }, NOW)).toEqual({ limit: 50 });
  });

  it('gives the bulk actions the same filters without the paging', () => {
    expect(bulkFilterQuery({ flow: 'ops.health-check', states: ['FAILED'], range: '1h' }, NOW)).toEqual({
      flow: 'ops.health-check',
      state: 'FAILED',
      from: '2026-12-03T09:15:00.000Z',
    });
  });

  it('turns a relative range into `from`, rounded down to the minute so the cache key holds for a minute', () => {
    expect(runsQuery({ range: '1h' }, NOW).from).toBe('2026-12-03T09:15:00.000Z');
    expect(runsQuery({ range: '24h' }, NOW + 10_000).from).toBe('2026-12-02T10:15:00.000Z');
    expect(runsQuery({ range: 'all' }, NOW).from).toBeUndefined();
  });

  it('passes a custom range as ISO bounds', () => {
    const query = runsQuery({ range: 'custom', from: '2026-12-01T00:00', to: '2026-12-02T00:00Z' }, NOW);
    expect(query.to).toBe('2026-12-02T00:00:00.000Z');
    expect(query.from).toMatch(/^2026-1[12]-\d\dT\d\d:00:00\.000Z$/);
  });

  it('builds a query string in key order without empty values', () => {
    expect(queryString({ state: 'FAILED', flow: 'a b', limit: 50, cursor: undefined, to: '' })).toBe(
      '?flow=a+b&limit=50&state=FAILED',
    );
    expect(queryString({})).toBe('');
  });

  it('reads filters back from the URL, dropping what is not a filter value', () => {
    expect(filtersFromSearch({ flow: 'x', state: 'failed, bogus,RUNNING', range: '7d', other: 'y' })).toEqual({
      flow: 'x',
      states: ['FAILED', 'RUNNING'],
      range: '7d',
      deployment: undefined,
      parent: undefined,
      text: undefined,
      from: undefined,
      to: undefined,
    });
    expect(filtersFromSearch({ range: 'forever', state: 5 }).range).toBeUndefined();
  });

  it('round-trips through the URL', () => {
    const filters = { flow: 'f', states: ['FAILED' as const], range: '24h' as const, text: 'Q296' };
    expect(filtersFromSearch(searchFromFilters(filters))).toMatchObject(filters);
  });

  it('tells whether a live run belongs to the filtered list', () => {
    const run = { flowName: 'f', state: 'RUNNING' as const, deploymentName: null, parentRunId: null };
    expect(matchesFilters(run, {})).toBe(true);
    expect(matchesFilters(run, { flow: 'g' })).toBe(false);
    expect(matchesFilters(run, { states: ['FAILED'] })).toBe(false);
    expect(matchesFilters(run, { deployment: 'd' })).toBe(false);
    expect(matchesFilters(run, { text: 'Q296' })).toBe(false);
  });
});
