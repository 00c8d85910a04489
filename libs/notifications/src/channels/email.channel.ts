import { createTransport, type Transporter } from 'nodemailer';
import { untilAborted } from '@relais/engine';
import type { EmailChannelConfig } from '../config/notifications-config';
import type { Notification } from '../model/notification';
import { DeliveryError } from './delivery.error';
import { emailContent } from './email-message';
import type { NotificationChannel } from './notification-channel';

/** Error codes nodemailer uses for failures that another attempt will not fix. */
const PERMANENT_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/**
 * E-mail over SMTP (nodemailer). With `starttls` (the default) the connection must upgrade to TLS before
 * anything is sent, and the server's certificate must be valid (SMTP_CA_FILE adds a CA to trust).
 */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    private readonly config: EmailChannelConfig,
    timeoutMs: number,
  ) {
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
      tls: { ...(config.ca ? { ca: config.ca } : {}), minVersion: 'TLSv1.2' },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async deliver(notification: Notification, signal: AbortSignal): Promise<void> {
    const content = emailContent(notification);
    const sending = this.transport.sendMail({
      from: this.config.from,
      to: this.config.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: content.headers,
    });
    try {
      // nodemailer takes no AbortSignal; its own timeouts end the connection, this only stops waiting for it.
      await untilAborted(sending, signal);
    } catch (error) {
      if (signal.aborted) throw new DeliveryError('SMTP timed out', true);
      const smtp = error as { code?: string; responseCode?: number; message?: string };
      const permanent = PERMANENT_CODES.has(smtp.code ?? '') || (smtp.responseCode ?? 0) >= 500;
      const code = smtp.responseCode ? ` (${smtp.responseCode})` : smtp.code ? ` (${smtp.code})` : '';
      throw new DeliveryError(
        `SMTP ${this.config.host}:${this.config.port} failed${code}: ${smtp.message ?? ''}`,
        !permanent,
      );
    }
  }

  /** Closes pooled connections (none with the default transport; kept for shutdown symmetry). */
  close(): void {
    this.transport.close();
  }
}
