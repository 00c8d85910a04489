import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { RunDetail, RunState, RunSummary, StepSummary } from '../api/types';
import {
  Card,
  ErrorNote,
  formatDuration,
  formatTime,
  JsonTree,
  LiveDuration,
  Loading,
  ProgressBar,
  StateBadge,
} from '../components/common';
import { LogPane } from '../components/log-pane';
import { liveEvents } from '../live/live-events';
import { applyProgressEvent, applyStateEvent } from '../live/use-live-runs';
import { useRunLogs } from '../live/use-run-logs';
import { allows, useRole } from '../session';

// Markdown and its sanitiser load with the first report opened, not with every run page.
const ReportView = lazy(() => import('../components/report-view').then((module) => ({ default: module.ReportView })));

const ACTIVE: ReadonlySet<RunState> = new Set(['SCHEDULED', 'PENDING', 'RUNNING', 'RETRYING', 'CANCELLING']);
const RETRYABLE: ReadonlySet<RunState> = new Set(['FAILED', 'CANCELLED', 'CRASHED']);
/** Steps shown before "show all": a batch can record thousands. */
const STEP_CAP = 50;

function StepTimeline({ steps, run }: { steps: StepSummary[]; run: RunSummary }) {
  const [all, setAll] = useState(false);
  if (steps.length === 0) return <p className="muted">No step recorded yet.</p>;
  const start = Date.parse(run.startedAt ?? run.createdAt);
  const end = Math.max(
    Date.parse(run.endedAt ?? new Date().toISOString()),
    ...steps.map((step) => Date.parse(step.endedAt ?? step.startedAt ?? run.createdAt)),
  );
  const span = Math.max(1, end - start);
  const shown = all ? steps : steps.slice(0, STEP_CAP);
  return (
    <div className="timeline" data-testid="steps">
      {shown.map((step) => {
        const from = step.startedAt ? Date.parse(step.startedAt) : start;
        const to = step.endedAt ? Date.parse(step.endedAt) : end;
        return (
          <div key={step.key} className="timeline-row">
            <code className="timeline-name" title={step.key}>
              {step.key}
            </code>
            <StateBadge state={step.state} />
            <span className="small muted">
              #{step.attempt} · {formatDuration(step.durationMs)}
            </span>
            <span className="timeline-track">
              <span
                className={`timeline-bar state-${step.state.toLowerCase()}`}
                style={{
                  left: `${((from - start) / span) * 100}%`,
                  width: `${Math.max(0.5, ((to - from) / span) * 100)}%`,
                }}
              />
            </span>
            {step.error && <span className="error-text small">{step.error}</span>}
          </div>
        );
      })}
      {steps.length > STEP_CAP && (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? `Show the first ${STEP_CAP}` : `Show all ${steps.length} steps`}
        </button>
      )}
    </div>
  );
}

/** The generated type says an object or null; a flow may return any JSON, or nothing. */
function isAbsent(result: unknown): boolean {
  return result === null || result === undefined;
}

export function RunDetailPage() {
  const { runId } = useParams({ from: '/runs/$runId' });
  const role = useRole();
  const client = useQueryClient();
  const queryKey = ['run', runId];
  const run = useQuery({
    queryKey,
    queryFn: () => api<RunDetail>(`/api/runs/${runId}`),
    // Steps and children change while it runs; the state itself comes live.
    refetchInterval: (query) => (query.state.data && ACTIVE.has(query.state.data.state) ? 5000 : false),
  });
  const active = run.data ? ACTIVE.has(run.data.state) : undefined;
  const logs = useRunLogs(runId, active);
  const [reportId, setReportId] = useState<string | null>(null);

  useEffect(() => {
    const offState = liveEvents.onState((event) => {
      if (event.runId !== runId) return;
      client.setQueryData<RunDetail>(queryKey, (current) =>
        current ? { ...current, ...applyStateEvent(current, event) } : current,
      );
      if (!ACTIVE.has(event.state)) void client.invalidateQueries({ queryKey });
    });
    const offProgress = liveEvents.onProgress((event) => {
      if (event.runId !== runId) return;
      client.setQueryData<RunDetail>(queryKey, (current) =>
        current ? { ...current, ...applyProgressEvent(current, event) } : current,
      );
    });
    return () => {
      offState();
      offProgress();
    };
    // queryKey is derived from runId.
  }, [client, runId]);

  const action = useMutation({
    mutationFn: (kind: 'cancel' | 'retry') => api<RunSummary>(`/api/runs/${runId}/${kind}`, { method: 'POST' }),
    onSuccess: (summary) => {
      client.setQueryData<RunDetail>(queryKey, (current) => (current ? { ...current, ...summary } : current));
      void client.invalidateQueries({ queryKey });
    },
  });

  if (run.isPending) return <Loading what="the run" />;
  if (run.error) return <ErrorNote error={run.error} title="This run could not be read" />;
  const detail = run.data;
  const firstReport = detail.artifacts[0]?.id ?? null;
  const shownReport = reportId ?? firstReport;

  return (
    <div className="page">
      <h1>
        <code>{detail.flowName}</code> <StateBadge state={detail.state} />
      </h1>
      <div className="run-summary">
        <span>
          Run <code>{detail.id}</code>
        </span>
        <ProgressBar value={detail.progress} label={detail.progressMessage} />
        <span>{detail.progressMessage}</span>
        <span>
          Duration <LiveDuration {...detail} />
        </span>
        <span>
          Attempt {detail.attempts}/{detail.maxAttempts}
        </span>
        <span>Created {formatTime(detail.createdAt)}</span>
        <span>By {detail.triggeredBy}</span>
        {detail.deploymentName && <span>Deployment {detail.deploymentName}</span>}
        {detail.parentRunId && (
          <Link to="/runs/$runId" params={{ runId: detail.parentRunId }}>
            Parent run
          </Link>
        )}
        {allows(role, 'operator') && (
          <span className="button-row">
            {ACTIVE.has(detail.state) && detail.state !== 'CANCELLING' && (
              <button
                type="button"
                className="danger"
                disabled={action.isPending}
                onClick={() => action.mutate('cancel')}
              >
                Cancel
              </button>
            )}
            {RETRYABLE.has(detail.state) && (
              <button type="button" disabled={action.isPending} onClick={() => action.mutate('retry')}>
                Retry
              </button>
            )}
          </span>
        )}
      </div>
      <ErrorNote error={action.error} />
      {detail.error && (
        <div className="error-note" data-testid="run-error">
          <strong>Error: </strong>
          {detail.error}
        </div>
      )}
      <div className="grid-2">
        <Card title="Parameters">
          <JsonTree value={detail.parameters} />
        </Card>
        <Card title="Result">
          {isAbsent(detail.result) ? (
            <p className="muted">{ACTIVE.has(detail.state) ? 'Not finished yet.' : 'No result.'}</p>
          ) : (
            <JsonTree value={detail.result} />
          )}
        </Card>
      </div>
      <Card title={`Steps (${detail.steps.length})`}>
        <StepTimeline steps={detail.steps} run={detail} />
      </Card>
      <Card title="Logs">
        <ErrorNote error={logs.error} />
        <LogPane lines={logs.lines} loading={logs.loading} />
      </Card>
      {detail.artifacts.length > 0 && (
        <Card title={`Reports (${detail.artifacts.length})`}>
          <div className="button-row">
            {detail.artifacts.map((artifact) => (
              <button
                key={artifact.id}
                type="button"
                className={artifact.id === shownReport ? 'tab active' : 'tab'}
                onClick={() => setReportId(artifact.id)}
              >
                {artifact.key} ({artifact.kind})
              </button>
            ))}
          </div>
          {shownReport && (
            <Suspense fallback={<Loading what="the report" />}>
              <ReportView reportId={shownReport} />
            </Suspense>
          )}
        </Card>
      )}
      {detail.children.length > 0 && (
        <Card
          title={`Children (${detail.children.length})`}
          actions={
            <Link to="/runs" search={{ parent: detail.id }}>
              As a list
            </Link>
          }
        >
          <table className="table">
            <tbody>
              {detail.children.slice(0, 200).map((child) => (
                <tr key={child.id}>
                  <td>
                    <StateBadge state={child.state} />
                  </td>
                  <td>
                    <Link to="/runs/$runId" params={{ runId: child.id }}>
                      {child.flowName}
                    </Link>
                  </td>
                  <td>
                    <ProgressBar value={child.progress} />
                  </td>
                  <td>{formatDuration(child.durationMs)}</td>
                  <td className="error-text small">{child.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
