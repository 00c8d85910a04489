import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type RowSelectionState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { api, ApiRequestError } from '../api/client';
import type { BulkRunActionResult, DeploymentSummary, RunPage, RunState, RunSummary } from '../api/types';
import { BulkByFilter, MAX_BULK_RUNS } from '../components/bulk-by-filter';
import { ErrorNote, formatTime, LiveDuration, ProgressBar, StateBadge } from '../components/common';
import { useLiveRuns } from '../live/use-live-runs';
import {
  filtersFromSearch,
  queryString,
  RUN_STATES,
  runsQuery,
  searchFromFilters,
  TIME_RANGES,
  type RunFilters,
  type TimeRange,
} from '../lib/run-filters';
import { RUNS_PAGE_SIZE } from '../lib/first-requests';
import { allows, useRole } from '../session';
import { useFlows } from '../api/flows';

const ROW_HEIGHT = 38;
const ACTIVE: ReadonlySet<RunState> = new Set(['PENDING', 'RUNNING', 'RETRYING', 'SCHEDULED', 'CANCELLING']);
const RETRYABLE: ReadonlySet<RunState> = new Set(['FAILED', 'CANCELLED', 'CRASHED']);

const column = createColumnHelper<RunSummary>();

/** A select's options: the names known once asked for, and the current value even before. */
function optionNames(names: string[] | undefined, current: string | undefined): string[] {
  const all = new Set(names ?? []);
  if (current) all.add(current);
  return [...all].sort();
}

function RunFiltersBar({ filters, onChange }: { filters: RunFilters; onChange: (filters: RunFilters) => void }) {
  // The lists of flows and deployments are read when a select is first used, not with every page load.
  const [wanted, setWanted] = useState(false);
  const want = () => {
    setWanted(true);
  };
  const flows = useFlows(wanted);
  const deployments = useQuery({
    queryKey: ['deployments'],
    queryFn: () => api<DeploymentSummary[]>('/api/deployments'),
    staleTime: 60_000,
    enabled: wanted,
  });
  const toggleState = (state: RunState) => {
    const states = new Set(filters.states ?? []);
    if (states.has(state)) states.delete(state);
    else states.add(state);
    onChange({ ...filters, states: [...states] });
  };
  return (
    <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Flow
        <select
          name="flow"
          value={filters.flow ?? ''}
          onFocus={want}
          onPointerEnter={want}
          onChange={(event) => onChange({ ...filters, flow: event.target.value || undefined })}
        >
          <option value="">all</option>
          {optionNames(
            flows.data?.map((flow) => flow.name),
            filters.flow,
          ).map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <label>
        Deployment
        <select
          name="deployment"
          value={filters.deployment ?? ''}
          onFocus={want}
          onPointerEnter={want}
          onChange={(event) => onChange({ ...filters, deployment: event.target.value || undefined })}
        >
          <option value="">all</option>
          {optionNames(
            deployments.data?.map((deployment) => deployment.name),
            filters.deployment,
          ).map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <label>
        Created
        <select
          name="range"
          value={filters.range ?? 'all'}
          onChange={(event) => onChange({ ...filters, range: event.target.value as TimeRange })}
        >
          {Object.keys(TIME_RANGES).map((range) => (
            <option key={range} value={range}>
              {range === 'all' ? 'any time' : range === 'custom' ? 'between…' : `last ${range}`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Parameters contain
        <input
          type="search"
          name="q"
          key={filters.text ?? ''}
          defaultValue={filters.text ?? ''}
          placeholder="Q296, a file name…"
          maxLength={100}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ ...filters, text: event.currentTarget.value || undefined });
          }}
          onBlur={(event) => {
            if ((event.currentTarget.value || undefined) !== filters.text) {
              onChange({ ...filters, text: event.currentTarget.value || undefined });
            }
          }}
        />
      </label>
      {filters.range === 'custom' && (
        <>
          <label>
            From
            <input
              type="datetime-local"
              value={filters.from ?? ''}
              onChange={(event) => onChange({ ...filters, from: event.target.value || undefined })}
            />
          </label>
          <label>
            To
            <input
              type="datetime-local"
              value={filters.to ?? ''}
              onChange={(event) => onChange({ ...filters, to: event.target.value || undefined })}
            />
          </label>
        </>
      )}
      <fieldset className="state-chips">
        <legend>State</legend>
        {RUN_STATES.map((state) => (
          <label key={state} className={filters.states?.includes(state) ? 'chip on' : 'chip'}>
            <input
              type="checkbox"
              checked={filters.states?.includes(state) ?? false}
              onChange={() => toggleState(state)}
            />
            {state.toLowerCase()}
          </label>
        ))}
      </fieldset>
      {filters.parent && (
        <span className="chip on">
          children of <code>{filters.parent.slice(0, 8)}</code>{' '}
          <button type="button" className="link" onClick={() => onChange({ ...filters, parent: undefined })}>
            ×
          </button>
        </span>
      )}
    </form>
  );
}

/** One request for the selected runs (POST /api/runs/bulk-actions with their ids): the gateway acts on each. */
function bulk(ids: string[], action: 'cancel' | 'retry'): Promise<BulkRunActionResult> {
  return api<BulkRunActionResult>('/api/runs/bulk-actions', { method: 'POST', body: { action, runIds: ids } });
}

export function RunsPage() {
  const search = useSearch({ from: '/runs' });
  const navigate = useNavigate();
  const role = useRole();
  const canAct = allows(role, 'operator');
  const client = useQueryClient();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const queryKey = useMemo(() => ['runs', searchFromFilters(filters)] as const, [filters]);
  const runs = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api<RunPage>(`/api/runs${queryString({ ...runsQuery(filters, Date.now(), RUNS_PAGE_SIZE, pageParam) })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [bulkNote, setBulkNote] = useState<string | null>(null);

  const columns = useMemo(
    () => [
      ...(canAct
        ? [
            column.display({
              id: 'select',
              header: ({ table }) => (
                <input
                  type="checkbox"
                  aria-label="Select every loaded run"
                  checked={table.getIsAllRowsSelected()}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label="Select run"
                  checked={row.getIsSelected()}
                  onChange={row.getToggleSelectedHandler()}
                />
              ),
            }),
          ]
        : []),
      column.accessor('state', { header: 'State', cell: (info) => <StateBadge state={info.getValue()} /> }),
      column.accessor('flowName', {
        header: 'Flow',
        cell: (info) => (
          <Link to="/runs/$runId" params={{ runId: info.row.original.id }} className="run-link">
            {info.getValue()}
          </Link>
        ),
      }),
      column.accessor('progress', {
        header: 'Progress',
        cell: (info) => <ProgressBar value={info.getValue()} label={info.row.original.progressMessage} />,
      }),
      column.accessor('durationMs', {
        header: 'Duration',
        cell: (info) => <LiveDuration {...info.row.original} />,
      }),
      column.accessor('createdAt', { header: 'Created', cell: (info) => formatTime(info.getValue()) }),
      column.accessor('deploymentName', { header: 'Deployment', cell: (info) => info.getValue() ?? '' }),
      column.accessor('triggeredBy', { header: 'By' }),
      column.accessor('id', {
        header: 'Run',
        cell: (info) => <code className="small">{info.getValue().slice(0, 8)}</code>,
      }),
    ],
    [canAct],
  );
  const table = useReactTable({
    data: items,
    columns,
    getRowId: (run) => run.id,
    getCoreRowModel: getCoreRowModel(),
    enableRowSelection: canAct,
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  // The next page (keyset cursor) loads when the reader scrolls within 20 rows of the end, never before.
  const loadMoreNearEnd = () => {
    const element = scroller.current;
    if (!element || !runs.hasNextPage || runs.isFetchingNextPage) return;
    if (element.scrollTop + element.clientHeight >= element.scrollHeight - 20 * ROW_HEIGHT) void runs.fetchNextPage();
  };

  // Progress events come only for runs a client subscribed to: the active runs in view (at most 100).
  const watched = useMemo(
    () =>
      virtualRows
        .filter((virtual) => virtual.index < rows.length)
        .map((virtual) => rows[virtual.index].original)
        .filter((run) => ACTIVE.has(run.state))
        .map((run) => run.id)
        .slice(0, 100),
    [virtualRows, rows],
  );
  const live = useLiveRuns(queryKey, filters, watched);

  const setFilters = (next: RunFilters) => {
    setSelection({});
    void navigate({ to: '/runs', search: searchFromFilters(next) });
  };
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const selectedRuns = items.filter((run) => selection[run.id]);
  const runBulk = async (action: 'cancel' | 'retry') => {
    const eligible = selectedRuns
      .filter((run) => (action === 'cancel' ? ACTIVE.has(run.state) : RETRYABLE.has(run.state)))
      .map((run) => run.id);
    const skipped =
      eligible.length < selectedIds.length ? `; ${selectedIds.length - eligible.length} skipped (wrong state)` : '';
    if (eligible.length === 0) {
      setBulkNote(`No selected run can be ${action === 'cancel' ? 'cancelled' : 'retried'}${skipped}`);
      return;
    }
    if (eligible.length > MAX_BULK_RUNS) {
      setBulkNote(
        `${eligible.length} runs selected: at most ${MAX_BULK_RUNS} at once — use “${action === 'cancel' ? 'Cancel' : 'Retry'} all matching…”`,
      );
      return;
    }
    setBulkNote(`${action === 'cancel' ? 'Cancelling' : 'Retrying'} ${eligible.length} run(s)…`);
    try {
      const outcome = await bulk(eligible, action);
      setBulkNote(
        `${outcome.done} run(s) ${action === 'cancel' ? 'cancelled' : 'retried'}` +
          (outcome.refused > 0 ? `, ${outcome.refused} refused (already ended or changed)` : '') +
          skipped,
      );
      setSelection({});
    } catch (error) {
      setBulkNote(
        error instanceof ApiRequestError ? `Refused: ${error.message}. ${error.advice}` : 'The request failed',
      );
    }
  };

  return (
    <div className="page">
      <h1>Runs</h1>
      <RunFiltersBar filters={filters} onChange={setFilters} />
      <div className="toolbar">
        <span className="muted" data-testid="runs-count">
          {items.length} run(s) loaded{runs.hasNextPage ? ', more below' : ''}
        </span>
        {live.newRuns > 0 && (
          <button
            type="button"
            className="banner"
            onClick={() => {
              live.clearNewRuns();
              void client.resetQueries({ queryKey });
            }}
          >
            {live.newRuns} new run(s): show
          </button>
        )}
        {canAct && selectedIds.length > 0 && (
          <span className="button-row">
            <span>{selectedIds.length} selected</span>
            <button type="button" onClick={() => void runBulk('cancel')}>
              Cancel selected
            </button>
            <button type="button" onClick={() => void runBulk('retry')}>
              Retry selected
            </button>
          </span>
        )}
        {bulkNote && (
          <span className="note" data-testid="runs-bulk-note">
            {bulkNote}
          </span>
        )}
        {canAct && <BulkByFilter filters={filters} />}
      </div>
      <ErrorNote error={runs.error} title="Runs could not be listed" />
      <div className="grid-table" role="table" aria-label="Runs">
        <div className="grid-row grid-head" role="row" style={{ gridTemplateColumns: gridColumns(canAct) }}>
          {table.getHeaderGroups()[0].headers.map((header) => (
            <div key={header.id} role="columnheader">
              {flexRender(header.column.columnDef.header, header.getContext())}
            </div>
          ))}
        </div>
        <div ref={scroller} className="grid-body" data-testid="runs-scroller" onScroll={loadMoreNearEnd}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualRows.map((virtual) => {
              const row = rows[virtual.index];
              return (
                <div
                  key={row.id}
                  role="row"
                  data-run-id={row.id}
                  data-state={row.original.state}
                  className="grid-row"
                  style={{
                    gridTemplateColumns: gridColumns(canAct),
                    transform: `translateY(${virtual.start}px)`,
                    height: ROW_HEIGHT,
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div key={cell.id} role="cell">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
          {runs.isPending && <p className="muted">Loading runs…</p>}
          {runs.isSuccess && items.length === 0 && <p className="muted">No run matches these filters.</p>}
        </div>
      </div>
    </div>
  );
}

function gridColumns(selectable: boolean): string {
  return `${selectable ? '2rem ' : ''}7.5rem minmax(10rem, 2fr) 8rem 6.5rem 12rem minmax(6rem, 1fr) 5.5rem 6rem`;
}
