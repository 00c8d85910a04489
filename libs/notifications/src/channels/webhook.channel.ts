import type { WebhookChannelConfig } from '../config/notifications-config';
import type { Notification } from '../model/notification';
import type { NotificationChannel } from './notification-channel';
import { postJson } from './post-json';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

/** The generic webhook's body: the seeds' `{event, data, is_alert, source}`, plus the id, severity and time. */
export interface WebhookPayload {
  id: string;
  event: string;
  data: Record<string, unknown>;
  is_alert: boolean;
  severity: string;
  source: string;
  timestamp: string;
}

/**
 * A generic HTTP webhook. Optional bearer token; with a signing secret, an HMAC-SHA256 of `<timestamp>.<body>`
 * in `x-relais-signature` (see verifyWebhookSignature). `x-relais-delivery` carries the notification id:
 * delivery is at least once, so a receiver dedupes on it.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;

  constructor(
    private readonly config: WebhookChannelConfig,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async deliver(notification: Notification, signal: AbortSignal): Promise<void> {
    const payload: WebhookPayload = {
      id: notification.id,
      event: notification.event,
      data: { title: notification.title, message: notification.message, ...notification.data },
      is_alert: notification.isAlert,
      severity: notification.severity,
      source: notification.source,
      timestamp: new Date(notification.createdAt).toISOString(),
    };
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'x-relais-delivery': notification.id,
      'x-relais-event': notification.event,
    };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (this.config.signingSecret) {
      headers[SIGNATURE_HEADER] = signWebhookBody(this.config.signingSecret, body, this.nowSeconds());
    }
    await postJson('Webhook', this.config.url, body, headers, signal);
  }
}
