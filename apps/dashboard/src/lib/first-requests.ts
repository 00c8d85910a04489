import { filtersFromSearch, queryString, runsQuery } from './run-filters';

/** The runs page's page of rows and the run detail's page of log lines (runs-page.tsx, use-run-logs.ts). */
export const RUNS_PAGE_SIZE = 100;
export const LOG_PAGE_SIZE = 200;
/** The log's later pages: the first one is small so the first lines are drawn soon, the rest fill the pane in few requests. */
export const LATER_LOG_PAGE_SIZE = 5000;

/**
 * The GET requests a page makes as soon as it renders, path and query exactly as its code builds them, so the
 * answers fetched before the app runs are the ones it asks for: the session on every page, the first page of runs
 * on the runs page, the run and its first log lines on a run's page.
 */
export function firstRequestsFor(pathname: string, search: string, now: number): string[] {
  const paths = ['/api/session'];
  if (pathname === '/runs') {
    const filters = filtersFromSearch(Object.fromEntries(new URLSearchParams(search)));
    paths.push(`/api/runs${queryString({ ...runsQuery(filters, now, RUNS_PAGE_SIZE) })}`);
  }
  const run = /^\/runs\/([^/]+)$/.exec(pathname);
  if (run) {
    const id = decodeURIComponent(run[1]);
    paths.push(`/api/runs/${id}`, runLogsPath(id, 0));
  }
  return paths;
}

/** A page of a run's log after line `after`. */
export function runLogsPath(runId: string, after: number, limit = LOG_PAGE_SIZE): string {
  return `/api/runs/${runId}/logs?after=${after}&limit=${limit}`;
}
