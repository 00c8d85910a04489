import type { NotificationsConfig } from '../config/notifications-config';
import { ArchiveChannel } from './archive.channel';
import { EmailChannel } from './email.channel';
import type { NotificationChannel } from './notification-channel';
import { SlackChannel } from './slack.channel';
import { WebhookChannel } from './webhook.channel';

/** The configured channels: the archive always, the others when their settings are present. */
export function createNotificationChannels(config: NotificationsConfig): NotificationChannel[] {
  const channels: NotificationChannel[] = [new ArchiveChannel(config.archiveDir, config.timezone)];
  if (config.email) channels.push(new EmailChannel(config.email, config.delivery.timeoutMs));
  if (config.slack) channels.push(new SlackChannel(config.slack.webhookUrl));
  if (config.webhook) channels.push(new WebhookChannel(config.webhook));
  return channels;
}
