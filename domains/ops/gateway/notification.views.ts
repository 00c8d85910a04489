import type { NotificationLogEntry, NotificationRuleEntity } from '@relais/notifications';
import type { NotificationView, RuleView } from '../contracts/notification-api.types';

/** A stored rule as the API answers it. */
export function ruleViewOf(rule: NotificationRuleEntity): RuleView {
  return {
    id: rule.id,
    kind: rule.kind,
    description: rule.description,
    params: rule.params,
    severity: rule.severity,
    cooldown_minutes: Math.round(rule.cooldownMs / 60_000),
    enabled: rule.enabled,
    channels: rule.channels,
    origin: rule.origin,
    created_at: new Date(rule.createdAt).toISOString(),
    updated_at: new Date(rule.updatedAt).toISOString(),
  };
}

/** A notification of the log with its deliveries, as the API answers it. */
export function notificationViewOf(entry: NotificationLogEntry): NotificationView {
  return {
    id: entry.id,
    event: entry.event,
    title: entry.title,
    message: entry.message,
    severity: entry.severity,
    is_alert: entry.isAlert,
    rule_id: entry.ruleId,
    suppressed: entry.suppressed,
    data: entry.data,
    created_at: new Date(entry.createdAt).toISOString(),
    deliveries: entry.deliveries.map((delivery) => ({
      channel: delivery.channel,
      state: delivery.state,
      attempts: delivery.attempts,
      last_error: delivery.lastError,
      delivered_at: delivery.deliveredAt === null ? null : new Date(delivery.deliveredAt).toISOString(),
    })),
  };
}
