import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, ApiRequestError } from '../api/client';
import type { HealthReport, PlatformQueues, RunDetail, RunPage } from '../api/types';
import { Card, ErrorNote, formatTime, Loading, relativeTime } from '../components/common';
import { allows, useRole } from '../session';

const HEALTH_FLOW = 'ops.health-check';

/** /api/health answers 503 with the same body when a dependency is down: both are a report to show. */
async function readHealth(): Promise<HealthReport> {
  const response = await fetch('/api/health', { headers: { Accept: 'application/json' } });
  if (response.status !== 200 && response.status !== 503)
    throw new ApiRequestError(response.status, 'Health unavailable');
  return (await response.json()) as HealthReport;
}

interface HealthScore {
  runId: string;
  score: number | null;
  status: string | null;
  checkedAt: string | null;
  chroma: string | null;
}

/** The last completed health check's score and its Chroma verdict (Chroma is probed by the ops worker only). */
async function readLastHealthScore(): Promise<HealthScore | null> {
  const page = await api<RunPage>(`/api/runs?flow=${encodeURIComponent(HEALTH_FLOW)}&state=COMPLETED&limit=1`);
  const last = page.items.at(0);
  if (!last) return null;
  const detail = await api<RunDetail>(`/api/runs/${last.id}`);
  const result = (detail.result ?? {}) as {
    score?: number;
    status?: string;
    checked_at?: string;
    findings?: { check?: string; ok?: boolean; message?: string }[];
  };
  const chromaFinding = result.findings?.find((finding) => finding.check?.toLowerCase().includes('chroma'));
  return {
    runId: last.id,
    score: result.score ?? null,
    status: result.status ?? null,
    checkedAt: result.checked_at ?? last.endedAt,
    chroma: chromaFinding ? `${chromaFinding.ok ? 'up' : 'down'}: ${chromaFinding.message ?? ''}` : null,
  };
}

/** The failing dependency's message (terminus omits the detail of a check that did not run). */
function detailOf(report: HealthReport, name: string): string {
  const details: Partial<HealthReport['details']> = report.details;
  return details[name]?.message ?? '';
}

function Dot({ up }: { up: boolean | undefined }) {
  return <span className={`dot ${up === undefined ? 'unknown' : up ? 'up' : 'down'}`} aria-hidden />;
}

export function StatusPage() {
  const role = useRole();
  const health = useQuery({ queryKey: ['health'], queryFn: readHealth, refetchInterval: 15_000 });
  const queues = useQuery({
    queryKey: ['platform', 'queues'],
    queryFn: () => api<PlatformQueues>('/api/platform/queues'),
    refetchInterval: 10_000,
  });
  const score = useQuery({ queryKey: ['health-score'], queryFn: readLastHealthScore, refetchInterval: 60_000 });

  return (
    <div className="page">
      <h1>Status</h1>
      <div className="grid-3">
        <Card title="Services">
          {health.isPending && <Loading what="health" />}
          <ErrorNote error={health.error} />
          {health.data && (
            <ul className="plain">
              <li>
                <Dot up={health.data.redis} /> Redis{' '}
                {health.data.redis ? 'up' : `down: ${detailOf(health.data, 'redis')}`}
              </li>
              <li>
                <Dot up={health.data.database} /> Database{' '}
                {health.data.database ? 'up' : `down: ${detailOf(health.data, 'database')}`}
              </li>
              <li>
                <Dot up={score.data?.chroma ? score.data.chroma.startsWith('up') : undefined} /> Chroma{' '}
                {score.data?.chroma ?? <span className="muted">not checked yet (the health check probes it)</span>}
              </li>
            </ul>
          )}
        </Card>
        <Card title="Health score">
          {score.isPending && <Loading what="the last health check" />}
          <ErrorNote error={score.error} />
          {score.data === null && <p className="muted">No health check has completed yet: run one from Flows.</p>}
          {score.data && (
            <div>
              <div className="big-number" data-testid="health-score">
                {score.data.score ?? '–'}
                <small>/100</small>
              </div>
              <p>
                {score.data.status} · checked {relativeTime(score.data.checkedAt)} ·{' '}
                <Link to="/runs/$runId" params={{ runId: score.data.runId }}>
                  the run
                </Link>
              </p>
            </div>
          )}
        </Card>
        <Card title="Tools">
          <ul className="plain">
            {allows(role, 'admin') && (
              <li>
                <a href="/admin/queues" target="_blank" rel="noreferrer">
                  Bull Board
                </a>{' '}
                <span className="muted">queues and jobs</span>
              </li>
            )}
            <li>
              <a href="/api/docs" target="_blank" rel="noreferrer">
                API documentation
              </a>{' '}
              <span className="muted">every route, to read and try</span>
            </li>
            <li>
              <a href="/metrics" target="_blank" rel="noreferrer">
                Prometheus metrics
              </a>
            </li>
          </ul>
        </Card>
      </div>
      <Card title="Queues and workers">
        {queues.isPending && <Loading what="queues" />}
        <ErrorNote error={queues.error} />
        {queues.data && (
          <table className="table">
            <thead>
              <tr>
                <th>Queue</th>
                <th>Flows</th>
                <th>Workers</th>
                <th className="num">Waiting</th>
                <th className="num">Active</th>
                <th className="num">Delayed</th>
                <th className="num">Failed</th>
                <th className="num">Completed</th>
              </tr>
            </thead>
            <tbody>
              {queues.data.queues.map((queue) => (
                <tr key={queue.name} data-testid={`queue-${queue.name}`}>
                  <td>
                    <code>{queue.name}</code>
                  </td>
                  <td className="small">
                    {queue.flows.join(', ') || <span className="muted">scheduler triggers</span>}
                  </td>
                  <td>
                    <Dot up={queue.workers.length > 0} /> {queue.workers.length}
                    {queue.workers.length > 0 && (
                      <span className="muted small" title={queue.workers.map((worker) => worker.address).join(', ')}>
                        {' '}
                        (oldest {Math.round(Math.max(...queue.workers.map((worker) => worker.ageSeconds)) / 60)} min)
                      </span>
                    )}
                  </td>
                  {(['waiting', 'active', 'delayed', 'failed', 'completed'] as const).map((state) => (
                    <td key={state} className="num">
                      {queue.counts[state] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {queues.data && <p className="muted small">Checked {formatTime(queues.data.checkedAt)}</p>}
      </Card>
    </div>
  );
}
