import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiRequestError } from '../api/client';
import { Card, ErrorNote, formatTime, Loading } from '../components/common';
import { allows, useRole } from '../session';

/**
 * The notifications routes (`GET /api/notifications`, `GET/PATCH /api/notifications/rules`) come with the ops
 * notifications work and are not in this gateway's OpenAPI document yet, so their shapes are read loosely here:
 * a list or a page of items, the fields the notification model names.
 */
interface NotificationEntry {
  id: string;
  event?: string;
  title?: string;
  message?: string;
  severity?: string;
  isAlert?: boolean;
  suppressed?: boolean;
  createdAt?: number | string;
  deliveries?: { channel?: string; status?: string }[];
}

interface AlertRule {
  id: string;
  kind?: string;
  description?: string;
  severity?: string;
  enabled?: boolean;
  channels?: string[];
  cooldown_minutes?: number;
}

function itemsOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const items = (answer as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
}

function isMissing(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}

function NotYetAvailable() {
  return (
    <p className="note" data-testid="notifications-unavailable">
      Notifications are not available on this gateway yet: <code>/api/notifications</code> answered 404. They arrive
      with the ops notifications release; nothing to do here until the gateway is updated.
    </p>
  );
}

export function NotificationsPage() {
  const role = useRole();
  const client = useQueryClient();
  const log = useQuery({
    queryKey: ['notifications'],
    queryFn: async () => itemsOf<NotificationEntry>(await api('/api/notifications?limit=100')),
    retry: false,
  });
  const rules = useQuery({
    queryKey: ['notifications', 'rules'],
    queryFn: async () => itemsOf<AlertRule>(await api('/api/notifications/rules')),
    retry: false,
  });
  const toggle = useMutation({
    mutationFn: (rule: AlertRule) =>
      api(`/api/notifications/rules/${encodeURIComponent(rule.id)}`, {
        method: 'PATCH',
        body: { enabled: !rule.enabled },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications', 'rules'] }),
  });

  if (isMissing(log.error) && (isMissing(rules.error) || rules.isPending)) {
    return (
      <div className="page">
        <h1>Notifications</h1>
        <NotYetAvailable />
      </div>
    );
  }
  return (
    <div className="page">
      <h1>Notifications</h1>
      <Card title="Alert rules">
        {rules.isPending && <Loading what="rules" />}
        {isMissing(rules.error) ? <NotYetAvailable /> : <ErrorNote error={rules.error} />}
        <ErrorNote error={toggle.error} />
        {rules.data && (
          <table className="table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Kind</th>
                <th>Severity</th>
                <th>Channels</th>
                <th>Enabled</th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <code>{rule.id}</code>
                    <div className="muted small">{rule.description}</div>
                  </td>
                  <td>{rule.kind}</td>
                  <td>{rule.severity}</td>
                  <td>{rule.channels?.join(', ') ?? 'all'}</td>
                  <td>
                    {allows(role, 'operator') ? (
                      <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate(rule)}>
                        {rule.enabled === false ? 'Enable' : 'Disable'}
                      </button>
                    ) : rule.enabled === false ? (
                      'no'
                    ) : (
                      'yes'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Log (newest first)">
        {log.isPending && <Loading what="notifications" />}
        {isMissing(log.error) ? <NotYetAvailable /> : <ErrorNote error={log.error} />}
        {log.data && log.data.length === 0 && <p className="muted">No notification yet.</p>}
        {log.data && log.data.length > 0 && (
          <table className="table">
            <tbody>
              {log.data.map((entry) => (
                <tr key={entry.id} className={entry.isAlert ? 'alert-row' : ''}>
                  <td className="small">
                    {formatTime(entry.createdAt === undefined ? null : new Date(entry.createdAt).toISOString())}
                  </td>
                  <td>
                    <span className={`badge severity-${entry.severity ?? 'info'}`}>{entry.severity ?? 'info'}</span>
                  </td>
                  <td>
                    <strong>{entry.title}</strong>
                    <div className="muted small">{entry.message}</div>
                  </td>
                  <td className="small">
                    <code>{entry.event}</code>
                  </td>
                  <td className="small">
                    {entry.suppressed
                      ? 'suppressed (cooldown)'
                      : (entry.deliveries ?? [])
                          .map((delivery) => `${delivery.channel}: ${delivery.status}`)
                          .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
