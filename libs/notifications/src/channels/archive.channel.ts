import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification } from '../model/notification';
import type { NotificationChannel } from './notification-channel';

/**
 * The always-on archive: one JSON line per notification in `<dir>/alerts_YYYYMMDD.jsonl` or
 * `notifications_YYYYMMDD.jsonl` (the seeds' layout), dated in the configured time zone. The table keeps the
 * same notifications; the files are what an operator greps without a database.
 */
export class ArchiveChannel implements NotificationChannel {
  readonly name = 'archive' as const;
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(
    private readonly directory: string,
    timezone: string,
  ) {
    this.dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  async deliver(notification: Notification): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const line = JSON.stringify({
      id: notification.id,
      event: notification.event,
      title: notification.title,
      message: notification.message,
      severity: notification.severity,
      is_alert: notification.isAlert,
      data: notification.data,
      source: notification.source,
      rule_id: notification.ruleId,
      created_at: new Date(notification.createdAt).toISOString(),
    });
    await appendFile(this.fileFor(notification), `${line}\n`, 'utf8');
  }

  /** The file a notification goes to. */
  fileFor(notification: Pick<Notification, 'isAlert' | 'createdAt'>): string {
    const day = this.dayFormat.format(new Date(notification.createdAt)).replaceAll('-', '');
    return join(this.directory, `${notification.isAlert ? 'alerts' : 'notifications'}_${day}.jsonl`);
  }
}
