import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api/client';
import type { DeploymentSummary, RunSummary } from '../api/types';
import { Card, ErrorNote, formatTime, Loading, relativeTime } from '../components/common';
import { FlowForm } from '../components/flow-form';
import { scheduleInWords } from '../lib/schedule-words';
import { allows, useRole } from '../session';
import { useFlows } from '../api/flows';

const KEY = ['deployments'];

function RunNow({ deployment, onClose }: { deployment: DeploymentSummary; onClose: () => void }) {
  const flows = useFlows();
  const navigate = useNavigate();
  const flow = flows.data?.find((candidate) => candidate.name === deployment.flowName);
  if (!flow) return <Loading what="the flow's parameters" />;
  return (
    <Card
      title={`Run ${deployment.name} now`}
      actions={
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      }
    >
      <p className="muted small">The values are the deployment's; what you change overrides them for this run only.</p>
      <FlowForm
        parametersSchema={flow.parametersSchema}
        initial={deployment.parameters}
        submitLabel="Run now"
        canSubmit
        onSubmit={async (parameters) => {
          const run = await api<RunSummary>(`/api/deployments/${encodeURIComponent(deployment.name)}/run`, {
            method: 'POST',
            body: { parameters },
          });
          await navigate({ to: '/runs/$runId', params: { runId: run.id } });
        }}
      />
    </Card>
  );
}

export function DeploymentsPage() {
  const role = useRole();
  const canAct = allows(role, 'operator');
  const client = useQueryClient();
  const deployments = useQuery({ queryKey: KEY, queryFn: () => api<DeploymentSummary[]>('/api/deployments') });
  const [running, setRunning] = useState<DeploymentSummary | null>(null);
  const toggle = useMutation({
    mutationFn: (path: string) => api<DeploymentSummary | DeploymentSummary[]>(path, { method: 'POST' }),
    onSuccess: (answer) => {
      client.setQueryData<DeploymentSummary[]>(KEY, (current) => {
        if (Array.isArray(answer)) return answer;
        return current?.map((deployment) => (deployment.name === answer.name ? answer : deployment));
      });
    },
  });

  return (
    <div className="page">
      <h1>Deployments</h1>
      {canAct && (
        <div className="button-row">
          <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate('/api/deployments/pause-all')}>
            Pause all
          </button>
          <button
            type="button"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate('/api/deployments/resume-all')}
          >
            Resume all paused by “pause all”
          </button>
        </div>
      )}
      <ErrorNote error={toggle.error} />
      {deployments.isPending && <Loading what="deployments" />}
      <ErrorNote error={deployments.error} />
      {running && <RunNow deployment={running} onClose={() => setRunning(null)} />}
      {deployments.data && (
        <table className="table">
          <thead>
            <tr>
              <th>Deployment</th>
              <th>Flow</th>
              <th>Schedule</th>
              <th>Next run</th>
              <th>Last run</th>
              <th>State</th>
              {canAct && <th />}
            </tr>
          </thead>
          <tbody>
            {deployments.data.map((deployment) => (
              <tr key={deployment.name} data-testid={`deployment-${deployment.name}`}>
                <td>
                  <strong>{deployment.name}</strong>
                  <div className="muted small">{deployment.description}</div>
                </td>
                <td>
                  <code>{deployment.flowName}</code>
                </td>
                <td>{scheduleInWords(deployment.schedule)}</td>
                <td title={formatTime(deployment.nextRunAt)}>
                  {deployment.paused ? '–' : relativeTime(deployment.nextRunAt)}
                </td>
                <td>
                  {deployment.lastRunId ? (
                    <Link to="/runs/$runId" params={{ runId: deployment.lastRunId }}>
                      {relativeTime(deployment.lastRunAt)}
                    </Link>
                  ) : (
                    'never'
                  )}
                </td>
                <td>
                  {!deployment.inCatalogue ? (
                    <span className="badge">removed</span>
                  ) : deployment.paused ? (
                    <span className="badge state-cancelled">paused</span>
                  ) : (
                    <span className="badge state-completed">active</span>
                  )}
                </td>
                {canAct && (
                  <td className="button-row">
                    {deployment.inCatalogue && (
                      <button
                        type="button"
                        disabled={toggle.isPending}
                        onClick={() =>
                          toggle.mutate(
                            `/api/deployments/${encodeURIComponent(deployment.name)}/${deployment.paused ? 'resume' : 'pause'}`,
                          )
                        }
                      >
                        {deployment.paused ? 'Resume' : 'Pause'}
                      </button>
                    )}
                    <button type="button" onClick={() => setRunning(deployment)}>
                      Run now…
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
