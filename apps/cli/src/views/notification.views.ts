import type { NotificationView, RuleView } from '@relais/domains/ops/contracts/notification-api.types';
import { formatRelativeTime } from '../output/format-relative-time';
import { renderTable, truncate } from '../output/table';
import type { TerminalStyle } from '../output/terminal-style';

/** `notifications ls`: one line per notification, its channels as `email:delivered`. */
export function renderNotifications(
  notifications: readonly NotificationView[],
  style: TerminalStyle,
  now = Date.now(),
): string {
  if (notifications.length === 0) return 'No notifications.';
  return renderTable(
    [{ header: 'WHEN' }, { header: 'SEVERITY' }, { header: 'TITLE' }, { header: 'RULE' }, { header: 'DELIVERIES' }],
    notifications.map((notification) => [
      formatRelativeTime(notification.created_at, now),
      notification.is_alert
        ? { text: notification.severity, style: notification.severity === 'critical' ? style.red : style.yellow }
        : notification.severity,
      truncate(notification.title, 70),
      notification.rule_id ?? '-',
      notification.suppressed
        ? 'suppressed (cooldown)'
        : notification.deliveries.map((delivery) => `${delivery.channel}:${delivery.state}`).join(' '),
    ]),
  );
}

/** `rules ls`. */
export function renderRules(rules: readonly RuleView[], style: TerminalStyle): string {
  if (rules.length === 0) return 'No alert rules.';
  return renderTable(
    [
      { header: 'ID' },
      { header: 'KIND' },
      { header: 'SEVERITY' },
      { header: 'COOLDOWN', align: 'right' },
      { header: 'CHANNELS' },
      { header: 'STATUS' },
      { header: 'DESCRIPTION' },
    ],
    rules.map((rule) => [
      rule.id,
      rule.kind,
      rule.severity,
      `${rule.cooldown_minutes} min`,
      rule.channels?.join(',') ?? 'all',
      rule.enabled ? { text: 'enabled', style: style.green } : { text: 'disabled', style: style.dim },
      truncate(rule.description, 60),
    ]),
  );
}
