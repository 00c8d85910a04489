import type { LogLine, LogPage } from '@relais/contracts/api/api-types';
import type { RelaisApiClient } from '../gateway/relais-api.client';
import { pause } from './run-watcher';

export interface LogReadOptions {
  /** Keep polling until the run has ended and every line has been read (`complete`). */
  follow: boolean;
  intervalMs: number;
  /** Lines per request. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** What was read: the lines in order, and whether the log is complete (the run ended, nothing left). */
export interface LogReadResult {
  items: LogLine[];
  nextAfter: number | null;
  complete: boolean;
}

const DEFAULT_PAGE_SIZE = 500;

/**
 * Reads a run's log from the start, page after page, handing each line to `onLine` as it comes. Without
 * `follow` it stops at the end of what exists now; with it, it polls until the log is complete (or `signal`).
 */
export async function readRunLogs(
  api: RelaisApiClient,
  runId: string,
  options: LogReadOptions,
  onLine: (line: LogLine) => void,
): Promise<LogReadResult> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const items: LogLine[] = [];
  let after: number | null = null;
  let page: LogPage;
  for (;;) {
    page = await api.logs(runId, after, pageSize);
    for (const line of page.items) {
      items.push(line);
      onLine(line);
    }
    if (page.nextAfter !== null) after = page.nextAfter;
    if (page.complete) break;
    // A full page: more lines are waiting right now.
    if (page.items.length >= pageSize) continue;
    if (!options.follow || options.signal?.aborted) break;
    await pause(options.intervalMs, options.signal);
    if (options.signal?.aborted) break;
  }
  return { items, nextAfter: after, complete: page.complete };
}
