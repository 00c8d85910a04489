import type { ChannelName, Notification } from '../model/notification';

/** One way out for notifications. Each implementation is small and talks to exactly one kind of peer. */
export interface NotificationChannel {
  readonly name: ChannelName;
  /**
   * Delivers one notification, or throws DeliveryError (retryable or not). Gives up when `signal` aborts: the
   * dispatcher aborts it at the channel's timeout so that a hung peer never holds a delivery slot.
   */
  deliver(notification: Notification, signal: AbortSignal): Promise<void>;
}
