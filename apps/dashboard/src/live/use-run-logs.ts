import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { LATER_LOG_PAGE_SIZE, LOG_PAGE_SIZE, runLogsPath } from '../lib/first-requests';
import type { LogLine, LogPage } from '../api/types';
import { liveEvents } from './live-events';
import { useLiveStatus } from './use-live-runs';

/** A pane shows this many lines at most; older ones are dropped from the top. */
const MAX_LINES = 100_000;

/** Reads the log after `after`, handing each page over as it comes (the pane fills while it reads): 1000 lines, then 5000 a page. */
async function readLogs(
  runId: string,
  after: number,
  signal: AbortSignal,
  onPage: (lines: LogLine[], first: boolean) => void,
): Promise<void> {
  let cursor = after;
  let read = 0;
  for (;;) {
    const limit = read === 0 ? LOG_PAGE_SIZE : LATER_LOG_PAGE_SIZE;
    const page = await api<LogPage>(runLogsPath(runId, cursor, limit), { signal });
    onPage(page.items, read === 0);
    read += page.items.length;
    // `complete`: the run has ended and no line is left (a finished run's log ends without one more, empty, request).
    if (page.complete || page.nextAfter === null || page.items.length < limit || read >= MAX_LINES) return;
    cursor = page.nextAfter;
  }
}

/**
 * A run's log: the lines recorded so far (GET …/logs, 1000 then 5000 a request), then the live `run_log` events appended
 * as they come (the run is watched first, so nothing falls between the two). Live lines carry no id: when the
 * run ends the log is read again once, so the pane ends with exactly the recorded lines. Without the live
 * connection, an active run's log is polled every 2 s instead.
 */
export function useRunLogs(runId: string, active: boolean | undefined) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const live = useLiveStatus();
  const lastId = useRef(0);
  const syntheticId = useRef(-1);

  const reload = useCallback(
    async (signal: AbortSignal, from: number) => {
      try {
        await readLogs(runId, from, signal, (fresh, first) => {
          setLines((current) => {
            // A read from the start replaces the pane (live lines included) once its first page is in.
            const kept = first && from === 0 ? [] : current.filter((line) => line.id > 0);
            const next = kept.concat(fresh);
            return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
          });
          if (fresh.length > 0) lastId.current = fresh[fresh.length - 1].id;
          setLoading(false);
        });
        setError(null);
      } catch (failure) {
        if (!signal.aborted) setError(failure);
      } finally {
        setLoading(false);
      }
    },
    [runId],
  );

  useEffect(() => {
    const controller = new AbortController();
    lastId.current = 0;
    setLines([]);
    setLoading(true);
    const stopWatching = liveEvents.watch(runId);
    const offLog = liveEvents.onLog((event) => {
      if (event.runId !== runId) return;
      const line: LogLine = {
        id: syntheticId.current--,
        level: event.level,
        message: event.message,
        step: event.step ?? null,
        at: event.at,
      };
      setLines((current) => current.concat(line));
    });
    void reload(controller.signal, 0);
    return () => {
      controller.abort();
      offLog();
      stopWatching();
    };
  }, [runId, reload]);

  // The run ended while shown: read the log once more, whole, replacing the live lines by the recorded ones.
  // `undefined` is "not known yet": a run that had already ended when the page opened is read once only.
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current === true && active === false) {
      const controller = new AbortController();
      void reload(controller.signal, 0);
      wasActive.current = active;
      return () => controller.abort();
    }
    wasActive.current = active;
    return undefined;
  }, [active, reload]);

  useEffect(() => {
    if (active !== true || live === 'live') return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      void reload(controller.signal, lastId.current);
    }, 2000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [active, live, reload]);

  return { lines, loading, error };
}
