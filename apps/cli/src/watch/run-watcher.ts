import type { RunDetail } from '@relais/contracts/api/api-types';
import { isTerminal } from '@relais/contracts/run-state';
import { ApiRequestError, GatewayUnreachableError, InterruptedError } from '../cli-errors';
import type { RelaisApiClient } from '../gateway/relais-api.client';
import type { RunProgressDisplay } from './run-progress.display';

export interface WatchOptions {
  /** Time between two polls of the run. */
  intervalMs: number;
  display: RunProgressDisplay;
  /** How long the gateway may be unreachable or failing (a restart) before watching gives up. */
  patienceMs?: number;
  /** Aborted on Ctrl-C: watching stops with InterruptedError; the run goes on. */
  signal?: AbortSignal;
}

const DEFAULT_PATIENCE_MS = 60_000;

/**
 * Polls `GET /api/runs/{id}` until the run reaches a final state and returns it. Polling rather than socket.io:
 * one plain request per interval survives gateway restarts, proxies and load balancers, and needs nothing
 * but the REST API.
 */
export async function watchRun(api: RelaisApiClient, runId: string, options: WatchOptions): Promise<RunDetail> {
  const patienceMs = options.patienceMs ?? DEFAULT_PATIENCE_MS;
  let failingSince: number | null = null;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new InterruptedError(runId);
      let run: RunDetail | null = null;
      try {
        run = await api.run(runId);
        failingSince = null;
      } catch (error) {
        if (!isTransient(error)) throw error;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > patienceMs) throw error;
        options.display.notice(`gateway not answering (${(error as Error).message}); retrying`);
      }
      if (run) {
        options.display.update(run);
        if (isTerminal(run.state)) return run;
      }
      await pause(options.intervalMs, options.signal);
    }
  } finally {
    options.display.stop();
  }
}

/** Worth another try: the gateway is restarting, overloaded or rate-limiting. */
function isTransient(error: unknown): boolean {
  if (error instanceof GatewayUnreachableError) return true;
  return error instanceof ApiRequestError && (error.status >= 500 || error.status === 429);
}

/** Waits `ms`, or less when `signal` aborts (the loop then sees it). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
