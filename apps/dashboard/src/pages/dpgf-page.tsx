import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, ApiRequestError } from '../api/client';
import { startRun } from '../api/flows';
import type { DpgfImportFailurePage, DpgfImportPage, RunDetail, RunPage, RunSummary } from '../api/types';
import { Card, ErrorNote, formatTime, LiveDuration, Loading, ProgressBar, StateBadge } from '../components/common';
import { formatBytes } from '../lib/byte-size';
import { dpgfImportParameters, dpgfRunFigures, type DpgfImportMode } from '../lib/dpgf-import';
import { liveEvents } from '../live/live-events';
import { allows, useRole } from '../session';

const WORKFLOW = 'dpgf.workflow';
const DPGF_KEY = ['dpgf'] as const;
const ACTIVE = new Set(['SCHEDULED', 'PENDING', 'RUNNING', 'RETRYING', 'CANCELLING']);

function StartImportCard({ onStarted }: { onStarted: (run: RunSummary) => void }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<DpgfImportMode>('auto');
  const [folder, setFolder] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [deepScan, setDeepScan] = useState(false);
  const start = useMutation({
    mutationFn: () => {
      const outcome = dpgfImportParameters({ mode, folder, dryRun, deepScan });
      if ('field' in outcome) {
        throw new ApiRequestError(400, 'The import was not started', { [outcome.field]: [outcome.message] });
      }
      return startRun(WORKFLOW, outcome.parameters);
    },
    onSuccess: async (run) => {
      onStarted(run);
      await client.invalidateQueries({ queryKey: DPGF_KEY });
    },
  });
  return (
    <Card title="Start an import">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate();
        }}
      >
        <fieldset className="choice-row">
          <label>
            <input type="radio" name="mode" checked={mode === 'auto'} onChange={() => setMode('auto')} /> Automatic
            <span className="muted small"> (the configured source and root, as the nightly run)</span>
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'folder'} onChange={() => setMode('folder')} /> One folder
          </label>
          {mode === 'folder' && (
            <input
              aria-label="Folder to scan"
              placeholder="/srv/appels-offres/2026 (under DPGF_FOLDER_ROOTS)"
              value={folder}
              maxLength={1000}
              onChange={(event) => setFolder(event.target.value)}
            />
          )}
        </fieldset>
        <div className="choice-row">
          <label>
            <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} /> Dry run
            (show what would be imported, write nothing)
          </label>
          <label>
            <input type="checkbox" checked={deepScan} onChange={(event) => setDeepScan(event.target.checked)} /> Read
            every file&apos;s content
          </label>
          <button type="submit" className="primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start import'}
          </button>
        </div>
      </form>
      <ErrorNote error={start.error} title="The import was refused" />
    </Card>
  );
}

/** What one workflow run found and did: its figures, each file it could not take through, and dry-run previews. */
function RunOutcome({ runId }: { runId: string }) {
  const detail = useQuery({
    queryKey: [...DPGF_KEY, 'run', runId],
    queryFn: () => api<RunDetail>(`/api/runs/${encodeURIComponent(runId)}`),
    refetchInterval: (query) => (query.state.data && ACTIVE.has(query.state.data.state) ? 3000 : false),
  });
  if (detail.isPending) return <Loading what="the run" />;
  if (detail.error) return <ErrorNote error={detail.error} />;
  const run = detail.data;
  const figures = dpgfRunFigures(run.result);
  return (
    <div data-testid="dpgf-run-outcome">
      <p>
        <StateBadge state={run.state} />{' '}
        <Link to="/runs/$runId" params={{ runId: run.id }}>
          Run detail, steps and logs
        </Link>
        {run.progressMessage && <span className="muted small"> · {run.progressMessage}</span>}
      </p>
      {run.error && <p className="error-text">{run.error}</p>}
      {figures && (
        <>
          <div className="figures">
            <div>
              <div className="big-number">{figures.scanned}</div>files scanned
            </div>
            <div>
              <div className="big-number">{figures.identified}</div>identified
            </div>
            <div>
              <div className="big-number">{figures.unchanged}</div>unchanged
            </div>
            <div>
              <div className="big-number" data-testid="dpgf-files-imported">
                {figures.imported}
              </div>
              imported{figures.dryRun && ' (dry run)'}
            </div>
            <div>
              <div className="big-number">{figures.elements}</div>elements
            </div>
          </div>
          {figures.errors.length > 0 && (
            <table className="table" data-testid="dpgf-run-errors">
              <caption>Files not imported</caption>
              <thead>
                <tr>
                  <th>File</th>
                  <th>Phase</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {figures.errors.map((error) => (
                  <tr key={`${error.path}:${error.phase}`}>
                    <td>
                      <code>{error.path}</code>
                    </td>
                    <td>{error.phase}</td>
                    <td className="error-text small">{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {figures.previews.length > 0 && (
            <table className="table" data-testid="dpgf-run-previews">
              <caption>Would be imported</caption>
              <thead>
                <tr>
                  <th>File</th>
                  <th>Type</th>
                  <th>Client</th>
                  <th>Project</th>
                  <th>Lots</th>
                </tr>
              </thead>
              <tbody>
                {figures.previews.map((preview) => (
                  <tr key={preview.path}>
                    <td>
                      <code>{preview.path}</code>
                    </td>
                    <td>{preview.type}</td>
                    <td>{preview.client}</td>
                    <td>{preview.project}</td>
                    <td>{preview.lots}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

function ImportRunsCard({ selected, onSelect }: { selected: string | null; onSelect: (runId: string) => void }) {
  const runs = useQuery({
    queryKey: [...DPGF_KEY, 'runs'],
    queryFn: () => api<RunPage>(`/api/runs?flow=${WORKFLOW}&limit=20`),
    // Live events refresh the list when a DPGF run changes state; polling only backs them up while one runs.
    refetchInterval: (query) => (query.state.data?.items.some((run) => ACTIVE.has(run.state)) ? 5000 : false),
  });
  const shown = selected ?? runs.data?.items[0]?.id ?? null;
  return (
    <Card title="Imports">
      {runs.isPending && <Loading what="the imports" />}
      <ErrorNote error={runs.error} />
      {runs.data && runs.data.items.length === 0 && <p className="muted">No import has run yet.</p>}
      {runs.data && runs.data.items.length > 0 && (
        <table className="table" data-testid="dpgf-runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>State</th>
              <th>Progress</th>
              <th>Duration</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr
                key={run.id}
                className={run.id === shown ? 'selected' : undefined}
                onClick={() => onSelect(run.id)}
                style={{ cursor: 'pointer' }}
              >
                <td className="small">{formatTime(run.createdAt)}</td>
                <td>
                  <StateBadge state={run.state} />
                </td>
                <td>
                  <ProgressBar value={run.progress} label={run.progressMessage} />
                </td>
                <td>
                  <LiveDuration startedAt={run.startedAt} endedAt={run.endedAt} durationMs={run.durationMs} />
                </td>
                <td className="small">{run.deploymentName ?? run.triggeredBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown && <RunOutcome runId={shown} />}
    </Card>
  );
}

function ImportedFilesCard() {
  const [search, setSearch] = useState('');
  const imports = useQuery({
    queryKey: [...DPGF_KEY, 'imports', search],
    queryFn: () => api<DpgfImportPage>(`/api/dpgf/imports?limit=100&search=${encodeURIComponent(search)}`),
  });
  const failures = useQuery({
    queryKey: [...DPGF_KEY, 'import-failures', search],
    queryFn: () =>
      api<DpgfImportFailurePage>(`/api/dpgf/import-failures?limit=100&search=${encodeURIComponent(search)}`),
  });
  return (
    <Card
      title={`Files${imports.data ? ` (${imports.data.total} imported)` : ''}`}
      actions={
        <input
          aria-label="Search files"
          placeholder="Part of a path"
          maxLength={200}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      }
    >
      {imports.isPending && <Loading what="imported files" />}
      <ErrorNote error={imports.error} />
      {imports.data && imports.data.items.length === 0 && <p className="muted">No file imported yet.</p>}
      {imports.data && imports.data.items.length > 0 && (
        <table className="table" data-testid="dpgf-imports">
          <thead>
            <tr>
              <th>File</th>
              <th>Type</th>
              <th>Became</th>
              <th>Lots</th>
              <th>Elements</th>
              <th>Mismatches</th>
              <th>Size</th>
              <th>Imported</th>
            </tr>
          </thead>
          <tbody>
            {imports.data.items.map((file) => (
              <tr key={file.id}>
                <td>
                  <code>{file.path}</code>
                  <div className="muted small">{file.sheets.join(', ')}</div>
                </td>
                <td>{file.type}</td>
                <td data-testid="dpgf-became">
                  {file.schedule ? (
                    <>
                      <Link
                        to="/dpgf/browse"
                        search={{ client: String(file.schedule.client_id), dpgf: String(file.schedule.id) }}
                      >
                        {file.schedule.client} · {file.schedule.project}
                      </Link>{' '}
                      <span className="muted small">(dpgf #{file.schedule.id})</span>
                    </>
                  ) : (
                    '–'
                  )}
                </td>
                <td>{file.lots}</td>
                <td>{file.elements}</td>
                <td className={file.mismatches > 0 ? 'error-text' : undefined}>{file.mismatches}</td>
                <td>{formatBytes(file.size_bytes)}</td>
                <td className="small">{formatTime(file.ended_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorNote error={failures.error} />
      {failures.data && failures.data.items.length > 0 && (
        <table className="table" data-testid="dpgf-import-failures">
          <caption>Failed imports (retried when the file changes)</caption>
          <thead>
            <tr>
              <th>File</th>
              <th>Why</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {failures.data.items.map((failure) => (
              <tr key={failure.path}>
                <td>
                  <code>{failure.path}</code>
                </td>
                <td className="error-text small">{failure.message}</td>
                <td className="small">{formatTime(failure.failed_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** The DPGF domain: start an import, follow the workflow runs, and see what each file became or why it failed. */
export function DpgfPage() {
  const role = useRole();
  const client = useQueryClient();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    // A workflow imports its files as child runs: their events arrive in bursts, so one refresh a second at most.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = liveEvents.onState((event) => {
      if (!event.flowName.startsWith('dpgf.') || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        void client.invalidateQueries({ queryKey: DPGF_KEY });
      }, 1000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [client]);
  return (
    <div className="page">
      <h1>DPGF</h1>
      <p>
        <Link to="/dpgf/browse">Browse what was imported</Link>
        <span className="muted"> — clients, schedules, lots, their sections and priced lines</span>
      </p>
      {allows(role, 'operator') && <StartImportCard onStarted={(run) => setSelected(run.id)} />}
      <ImportRunsCard selected={selected} onSelect={setSelected} />
      <ImportedFilesCard />
    </div>
  );
}
