import type { ChannelName, Notification, NotificationDraft } from '../model/notification';
import type { NotificationRepository } from '../persistence/notification.repository';
import { deliverTo } from './deliver-to';

/** What the publisher needs from the dispatcher: its channels and a nudge. */
export interface DeliveryTrigger {
  readonly channelNames: ChannelName[];
  wake(): void;
}

/**
 * Sends a notification now, outside the rules (a flow's own report, `POST /api/notifications/test`): stores it
 * with its deliveries in one transaction, then wakes the dispatcher. Returns the stored notification.
 */
export class NotificationPublisher {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly trigger: DeliveryTrigger,
    private readonly source: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async publish(draft: NotificationDraft): Promise<Notification> {
    const [stored] = await this.notifications.insert(
      [{ draft, suppressed: false, channels: deliverTo(draft.channels, this.trigger.channelNames) }],
      this.source,
      this.clock(),
    );
    this.trigger.wake();
    return stored;
  }
}
