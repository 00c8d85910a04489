import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { startRun, useFlows } from '../api/flows';
import type { FlowSummary } from '../api/types';
import { Card, ErrorNote, formatDuration, Loading } from '../components/common';
import { FlowForm } from '../components/flow-form';
import { availableQuickActions, type QuickAction } from '../lib/quick-actions';
import { allows, useRole } from '../session';

function QuickActions({ flows }: { flows: FlowSummary[] }) {
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: (action: QuickAction) => startRun(action.flow, action.parameters),
    onSuccess: (run) => navigate({ to: '/runs/$runId', params: { runId: run.id } }),
  });
  const actions = availableQuickActions(flows.map((flow) => flow.name));
  if (actions.length === 0) return null;
  return (
    <Card title="Quick actions">
      <ErrorNote error={start.error} />
      <div className="button-row">
        {actions.map((action) => (
          <button
            key={action.flow}
            type="button"
            title={action.description}
            disabled={start.isPending}
            onClick={() => {
              start.mutate(action);
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
    </Card>
  );
}

export function FlowsPage() {
  const role = useRole();
  const canStart = allows(role, 'operator');
  const flows = useFlows();
  const search = useSearch({ from: '/flows' });
  const navigate = useNavigate();
  const selected = flows.data?.find((flow) => flow.name === search.flow) ?? flows.data?.[0];

  return (
    <div className="page">
      <h1>Flows</h1>
      {flows.isPending && <Loading what="flows" />}
      <ErrorNote error={flows.error} />
      {flows.data && canStart && <QuickActions flows={flows.data} />}
      {flows.data && (
        <div className="split">
          <nav className="list" aria-label="Flows">
            {flows.data.map((flow) => (
              <Link
                key={flow.name}
                to="/flows"
                search={{ flow: flow.name }}
                className={flow.name === selected?.name ? 'list-item active' : 'list-item'}
              >
                <code>{flow.name}</code>
                <span className="muted small">{flow.description}</span>
              </Link>
            ))}
          </nav>
          {selected && (
            <Card
              title={<code>{selected.name}</code>}
              actions={
                <Link to="/runs" search={{ flow: selected.name }}>
                  Its runs
                </Link>
              }
            >
              <p>{selected.description}</p>
              <p className="muted small">
                Queue <code>{selected.queue}</code> · {selected.retry.attempts} attempt(s) · timeout{' '}
                {formatDuration(selected.timeoutMs)}
                {selected.concurrencyLimit !== null && ` · at most ${selected.concurrencyLimit} at once`}
              </p>
              {!canStart && <p className="muted">Your token is a viewer: starting runs needs an operator token.</p>}
              <FlowForm
                key={selected.name}
                parametersSchema={selected.parametersSchema}
                submitLabel="Start run"
                canSubmit={canStart}
                onSubmit={async (parameters) => {
                  const run = await startRun(selected.name, parameters);
                  await navigate({ to: '/runs/$runId', params: { runId: run.id } });
                }}
              />
            </Card>
          )}
        </div>
      )}
    </div>
  );
}
