import type { ListRunsQuery, RunState } from '../api/types';

export const RUN_STATES: readonly RunState[] = [
  'SCHEDULED',
  'PENDING',
  'RUNNING',
  'RETRYING',
  'COMPLETED',
  'FAILED',
  'CANCELLING',
  'CANCELLED',
  'CRASHED',
];

/** Time ranges the runs page offers, as a length ending now; `custom` uses `from` and `to`. */
export const TIME_RANGES = { all: null, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, custom: null };
export type TimeRange = keyof typeof TIME_RANGES;

/** The runs page's filters, as kept in its URL (so a filtered view is a link to share). */
export interface RunFilters {
  flow?: string;
  states?: RunState[];
  deployment?: string;
  parent?: string;
  /** Text the run's parameters contain (searched by the server). */
  text?: string;
  range?: TimeRange;
  /** ISO-8601, with `range: custom`. */
  from?: string;
  to?: string;
}

/**
 * The `GET /api/runs` query for these filters: states comma-separated, a relative range turned into `from` at
 * `now` (rounded down to the minute, so the query key stays the same for a minute and the cache is reused).
 */
export function runsQuery(filters: RunFilters, now: number, limit = 50, cursor?: string): ListRunsQuery {
  const query: ListRunsQuery = { limit };
  if (filters.flow) query.flow = filters.flow;
  if (filters.deployment) query.deployment = filters.deployment;
  if (filters.parent) query.parent = filters.parent;
  if (filters.text?.trim()) query.q = filters.text.trim();
  if (filters.states && filters.states.length > 0) query.state = [...filters.states].sort().join(',');
  const span = filters.range ? TIME_RANGES[filters.range] : null;
  if (span !== null) {
    query.from = new Date(Math.floor((now - span) / 60_000) * 60_000).toISOString();
  } else if (filters.range === 'custom') {
    if (filters.from) query.from = new Date(filters.from).toISOString();
    if (filters.to) query.to = new Date(filters.to).toISOString();
  }
  if (cursor) query.cursor = cursor;
  return query;
}

/**
 * The filters of `POST /api/runs/bulk-actions`: the list's query without its paging (the action takes every run
 * the filters match, not the loaded pages). Computed once and kept, so the count confirmed and the action agree
 * on a relative time range.
 */
export function bulkFilterQuery(filters: RunFilters, now: number): Omit<ListRunsQuery, 'limit' | 'cursor'> {
  const { limit: _limit, cursor: _cursor, ...filter } = runsQuery(filters, now);
  return filter;
}

/** `?a=1&b=2` from a query object, keys in order, empty values left out. */
export function queryString(query: Record<string, string | number | undefined>): string {
  const parameters = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value !== undefined && value !== '') parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

/** The filters read back from the page's URL search parameters (unknown values dropped, not trusted). */
export function filtersFromSearch(search: Record<string, unknown>): RunFilters {
  const text = (key: string): string | undefined => {
    const value = search[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const states = (text('state') ?? '')
    .split(',')
    .map((state) => state.trim().toUpperCase())
    .filter((state): state is RunState => (RUN_STATES as readonly string[]).includes(state));
  const range = text('range');
  return {
    flow: text('flow'),
    deployment: text('deployment'),
    parent: text('parent'),
    text: text('q'),
    states: states.length > 0 ? states : undefined,
    range: range !== undefined && range in TIME_RANGES ? (range as TimeRange) : undefined,
    from: text('from'),
    to: text('to'),
  };
}

/** The URL search parameters for these filters: the inverse of filtersFromSearch. */
export function searchFromFilters(filters: RunFilters): Record<string, string | undefined> {
  return {
    flow: filters.flow,
    deployment: filters.deployment,
    parent: filters.parent,
    q: filters.text?.trim() ? filters.text.trim() : undefined,
    state: filters.states && filters.states.length > 0 ? filters.states.join(',') : undefined,
    range: filters.range && filters.range !== 'all' ? filters.range : undefined,
    from: filters.range === 'custom' ? filters.from : undefined,
    to: filters.range === 'custom' ? filters.to : undefined,
  };
}

/**
 * Whether a run (from a live event) belongs in a list with these filters, as far as its event tells: an event
 * carries no parameters, so with a text filter the answer is no (the list is not offered new runs it may not hold).
 */
export function matchesFilters(
  run: { flowName: string; state: RunState; deploymentName?: string | null; parentRunId?: string | null },
  filters: RunFilters,
): boolean {
  if (filters.flow && run.flowName !== filters.flow) return false;
  if (filters.states && filters.states.length > 0 && !filters.states.includes(run.state)) return false;
  if (filters.deployment && run.deploymentName !== filters.deployment) return false;
  if (filters.parent && run.parentRunId !== filters.parent) return false;
  if (filters.text?.trim()) return false;
  return true;
}
