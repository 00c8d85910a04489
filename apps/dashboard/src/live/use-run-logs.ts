import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import type { LogLine, LogPage } from '../api/types';
import { liveEvents } from './live-events';
import { useLiveStatus } from './use-live-runs';

/** A pane shows this many lines at most; older ones are dropped from the top. */
const MAX_LINES = 100_000;
const PAGE = 1000;

async function readLogs(runId: string, after: number, signal: AbortSignal): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  let cursor = after;
  for (;;) {
    const page = await api<LogPage>(`/api/runs/${runId}/logs?after=${cursor}&limit=${PAGE}`, { signal });
    lines.push(...page.items);
    if (page.nextAfter === null || page.items.length < PAGE || lines.length >= MAX_LINES) return lines;
    cursor = page.nextAfter;
  }
}

/**
 * A run's log: the lines recorded so far (GET …/logs, 1000 a request), then the live `run_log` events appended
 * as they come (the run is watched first, so nothing falls between the two). Live lines carry no id: when the
 * run ends the log is read again once, so the pane ends with exactly the recorded lines. Without the live
 * connection, an active run's log is polled every 2 s instead.
 */
export function useRunLogs(runId: string, active: boolean) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const live = useLiveStatus();
  const lastId = useRef(0);
  const syntheticId = useRef(-1);

  const reload = useCallback(
    async (signal: AbortSignal, from: number) => {
      try {
        const fresh = await readLogs(runId, from, signal);
        setLines((current) => {
          const kept = from === 0 ? [] : current.filter((line) => line.id > 0);
          const next = kept.concat(fresh);
          return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
        });
        if (fresh.length > 0) lastId.current = fresh[fresh.length - 1].id;
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

  // The run ended: read the log once more, whole, replacing the live lines by the recorded ones.
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) {
      const controller = new AbortController();
      void reload(controller.signal, 0);
      wasActive.current = active;
      return () => controller.abort();
    }
    wasActive.current = active;
    return undefined;
  }, [active, reload]);

  useEffect(() => {
    if (!active || live === 'live') return;
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
