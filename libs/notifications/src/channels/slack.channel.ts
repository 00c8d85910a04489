import type { Notification } from '../model/notification';
import type { NotificationChannel } from './notification-channel';
import { postJson } from './post-json';

/** Attachment colours: red for alerts, green for everything else. */
export const SLACK_COLORS = { alert: '#d32f2f', notification: '#2e7d32' } as const;

/** A Slack incoming webhook: one message with a coloured attachment carrying the details as fields. */
export class SlackChannel implements NotificationChannel {
  readonly name = 'slack' as const;

  constructor(private readonly webhookUrl: string) {}

  async deliver(notification: Notification, signal: AbortSignal): Promise<void> {
    await postJson('Slack', this.webhookUrl, JSON.stringify(slackMessage(notification)), {}, signal);
  }
}

/** The incoming-webhook payload (legacy attachments: still the only way to colour a message's side bar). */
export function slackMessage(notification: Notification): Record<string, unknown> {
  const scalarData = Object.entries(notification.data)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .slice(0, 10)
    .map(([key, value]) => ({ title: key, value: String(value), short: String(value).length <= 40 }));
  return {
    text: `${notification.isAlert ? ':rotating_light: ' : ''}${notification.title}`,
    attachments: [
      {
        color: notification.isAlert ? SLACK_COLORS.alert : SLACK_COLORS.notification,
        fallback: `${notification.title}: ${notification.message}`.slice(0, 300),
        title: notification.title,
        text: notification.message,
        fields: [
          { title: 'Severity', value: notification.severity, short: true },
          { title: 'Event', value: notification.event, short: true },
          ...scalarData,
        ],
        footer: notification.source,
        ts: Math.floor(notification.createdAt / 1000),
      },
    ],
  };
}
