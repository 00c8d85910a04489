import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '@relais/contracts';
import {
  CHANNEL_NAMES,
  DeliveryDispatcher,
  NOTIFICATIONS_CONFIG,
  NotificationPublisher,
  NotificationRepository,
  type ChannelName,
  type NotificationsConfig,
} from '@relais/notifications';
import { decodeNotificationCursor, encodeNotificationCursor } from './notification-cursor';
import { notificationLogQueryOf } from './notification-log.query';
import { NotificationRequestError } from './notification-request.errors';
import type { NotificationView } from '../contracts/notification-api.types';
import { notificationViewOf } from './notification.views';

/** The variable that turns each channel on, for the error that says how to enable one. */
const ENABLED_BY: Record<ChannelName, string> = {
  archive: 'always on',
  email: 'SMTP_HOST, FROM_EMAIL and ALERT_EMAILS',
  slack: 'SLACK_WEBHOOK_URL',
  webhook: 'NOTIFICATION_WEBHOOK_URL',
};

/**
 * `GET /api/notifications` (the log) and `POST /api/notifications/test`. The gateway only stores: a test
 * notification is written with its pending deliveries, and the scheduler's dispatcher sends it.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiBadRequestResponse({ description: '`fields` names each bad field' })
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly publisher: NotificationPublisher,
    private readonly dispatcher: DeliveryDispatcher,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The notification log, newest first, with each delivery; ?limit, ?alerts_only, ?rule, ?cursor',
  })
  async list(@Query() query: Record<string, unknown>): Promise<Page<NotificationView>> {
    const filter = notificationLogQueryOf(query);
    const before = filter.cursor === undefined ? undefined : decodeNotificationCursor(filter.cursor);
    if (before === null) {
      throw new NotificationRequestError({
        cursor: ['cursor must be a nextCursor returned by GET /api/notifications'],
      });
    }
    const entries = await this.notifications.list({
      limit: filter.limit + 1,
      alertsOnly: filter.alerts_only === 'true',
      ruleId: filter.rule,
      before: before && { createdAt: before.createdAt, id: before.id },
    });
    const items = entries.slice(0, filter.limit);
    const last = items.at(-1);
    return {
      items: items.map(notificationViewOf),
      nextCursor: entries.length > filter.limit && last ? encodeNotificationCursor(last) : null,
    };
  }

  @Post('test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a test notification to one channel; follow it in GET /api/notifications' })
  @ApiBody({ schema: { type: 'object', required: ['channel'], properties: { channel: { enum: [...CHANNEL_NAMES] } } } })
  async test(@Body() body: unknown): Promise<{ id: string; channel: ChannelName; state: 'pending' }> {
    const channel = this.channelOf(body);
    const stored = await this.publisher.publish({
      event: 'test',
      title: `Test notification from ${this.config.source}`,
      message: `A test of the ${channel} channel, asked for through the API. Nothing is wrong.`,
      severity: 'info',
      isAlert: false,
      data: { channel },
      channels: [channel],
    });
    return { id: stored.id, channel, state: 'pending' };
  }

  private channelOf(body: unknown): ChannelName {
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    const extra = Object.keys(fields).filter((key) => key !== 'channel');
    if (extra.length > 0) {
      throw new NotificationRequestError(
        Object.fromEntries(
          extra.slice(0, 10).map((key) => [key.slice(0, 100), [`${key.slice(0, 100)} is not a field of this route`]]),
        ),
      );
    }
    const channel = (fields as { channel?: unknown }).channel;
    if (typeof channel !== 'string' || !CHANNEL_NAMES.includes(channel as ChannelName)) {
      throw new NotificationRequestError({ channel: [`channel must be one of ${CHANNEL_NAMES.join(', ')}`] });
    }
    if (!this.dispatcher.channelNames.includes(channel as ChannelName)) {
      throw new NotificationRequestError({
        channel: [`channel ${channel} is not configured: set ${ENABLED_BY[channel as ChannelName]}`],
      });
    }
    return channel as ChannelName;
  }
}
