import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RunProgressEvent } from '@contracts/events';
import type { RunPage, RunSummary } from '../api/types';
import { matchesFilters, type RunFilters } from '../lib/run-filters';
import { liveEvents, type LiveStateEvent, type LiveStatus } from './live-events';

const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

/** A run as a state event leaves it: state, error and times, without asking the gateway again. */
export function applyStateEvent(run: RunSummary, event: LiveStateEvent): RunSummary {
  const ended = ENDED.has(event.state);
  const startedAt = run.startedAt ?? (event.state === 'RUNNING' ? event.at : null);
  const endedAt = ended ? (run.endedAt ?? event.at) : null;
  return {
    ...run,
    state: event.state,
    error: event.error ?? (ended ? run.error : null),
    updatedAt: event.at,
    startedAt,
    endedAt,
    progress: event.state === 'COMPLETED' ? 100 : run.progress,
    durationMs: startedAt && endedAt ? Date.parse(endedAt) - Date.parse(startedAt) : run.durationMs,
  };
}

export function applyProgressEvent(run: RunSummary, event: RunProgressEvent): RunSummary {
  return { ...run, progress: event.progress, progressMessage: event.message ?? run.progressMessage };
}

function patchPages(
  data: InfiniteData<RunPage> | undefined,
  runId: string,
  patch: (run: RunSummary) => RunSummary,
): InfiniteData<RunPage> | undefined {
  if (!data) return data;
  const pages = data.pages.map((page) => {
    const index = page.items.findIndex((run) => run.id === runId);
    if (index < 0) return page;
    const items = page.items.slice();
    items[index] = patch(items[index]);
    return { ...page, items };
  });
  // Unchanged data keeps its identity: no re-render for an event about a run not shown.
  return pages.some((page, index) => page !== data.pages[index]) ? { ...data, pages } : data;
}

function contains(data: InfiniteData<RunPage> | undefined, runId: string): boolean {
  return data?.pages.some((page) => page.items.some((run) => run.id === runId)) ?? false;
}

/**
 * Keeps every cached runs list current from the live events, in place: a state or progress event patches the
 * run's row in each list that holds it (no refetch, however many events arrive); a new run that the shown
 * filters would include is only counted, and the page offers to show it (Prefect #21084: refetching on every
 * event or tab switch is what makes such pages slow).
 */
export function useLiveRuns(queryKey: readonly unknown[], filters: RunFilters, watchedRunIds: readonly string[]) {
  const client = useQueryClient();
  const [newRuns, setNewRuns] = useState(0);
  const watchKey = watchedRunIds.join(',');

  useEffect(() => {
    setNewRuns(0);
    const offState = liveEvents.onState((event) => {
      client.setQueriesData<InfiniteData<RunPage>>({ queryKey: ['runs'] }, (data) =>
        patchPages(data, event.runId, (run) => applyStateEvent(run, event)),
      );
      if (contains(client.getQueryData(queryKey), event.runId)) return;
      const isNew = event.state === 'PENDING' || event.state === 'SCHEDULED';
      const run = {
        flowName: event.flowName,
        state: event.state,
        deploymentName: event.deploymentName,
        parentRunId: event.parentRunId,
      };
      if (isNew && matchesFilters(run, filters)) setNewRuns((count) => count + 1);
    });
    const offProgress = liveEvents.onProgress((event) => {
      client.setQueriesData<InfiniteData<RunPage>>({ queryKey: ['runs'] }, (data) =>
        patchPages(data, event.runId, (run) => applyProgressEvent(run, event)),
      );
    });
    return () => {
      offState();
      offProgress();
    };
    // queryKey and filters are derived from the same URL search: the key's JSON is their identity.
  }, [client, JSON.stringify(queryKey)]);

  useEffect(() => {
    const ids = watchKey === '' ? [] : watchKey.split(',');
    const stops = ids.map((runId) => liveEvents.watch(runId));
    return () => {
      for (const stop of stops) stop();
    };
  }, [watchKey]);

  return { newRuns, clearNewRuns: () => setNewRuns(0) };
}

/** The live connection's state, for the indicator in the header. */
export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>(liveEvents.status);
  useEffect(() => liveEvents.onStatus(setStatus), []);
  return status;
}
