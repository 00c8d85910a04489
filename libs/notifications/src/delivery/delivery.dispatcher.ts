import { Logger } from '@nestjs/common';
import type { NotificationChannel } from '../channels/notification-channel';
import { DeliveryError } from '../channels/delivery.error';
import type { ChannelName, Notification } from '../model/notification';
import type { DeliveryRepository } from '../persistence/delivery.repository';
import type { NotificationDeliveryEntity } from '../persistence/notification-delivery.entity';
import type { NotificationRepository } from '../persistence/notification.repository';
import type { DeliveryPolicy } from './delivery-policy';
import { retryDelay } from './retry-delay';

/** Replaces secrets in text (the engine's SecretRedactor fits). */
export interface Redactor {
  redact(text: string): string;
}

/**
 * Delivers the delivery log's pending rows. Each channel has its own loop, its own concurrency and a timeout on
 * every attempt, so a mail relay that hangs never delays Slack or the webhook. A failed attempt is retried with
 * exponential backoff until `maxAttempts`; a refusal that another attempt cannot fix fails the delivery at once.
 * Every error is redacted before it is stored or logged.
 */
export class DeliveryDispatcher {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly channels: Map<ChannelName, NotificationChannel>;
  private readonly wakers = new Map<ChannelName, () => void>();
  private readonly loops: Promise<void>[] = [];
  private running = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly notifications: NotificationRepository,
    channels: readonly NotificationChannel[],
    private readonly policy: DeliveryPolicy,
    private readonly redactor: Redactor,
    private readonly clock: () => number = Date.now,
  ) {
    this.channels = new Map(channels.map((channel) => [channel.name, channel]));
  }

  /** The configured channels' names (the archive first). */
  get channelNames(): ChannelName[] {
    return [...this.channels.keys()];
  }

  /** Starts one delivery loop per channel. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const channel of this.channels.values()) this.loops.push(this.loop(channel));
  }

  /** Stops the loops after their current attempts (each bounded by the channel timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops.splice(0));
  }

  /** Makes every loop look for due deliveries now (new notifications were stored). */
  wake(): void {
    for (const wake of this.wakers.values()) wake();
  }

  /** Delivers everything due on one channel now; returns the number of attempts made. */
  async drain(channelName: ChannelName): Promise<number> {
    const channel = this.channels.get(channelName);
    if (!channel) return 0;
    const batchSize = this.policy.batchSize ?? 50;
    let attempted = 0;
    for (;;) {
      const due = await this.deliveries.due(channelName, this.clock(), batchSize);
      if (due.length === 0) return attempted;
      const notifications = new Map(
        (await this.notifications.findByIds(due.map((delivery) => delivery.notificationId))).map((row) => [
          row.id,
          row,
        ]),
      );
      await forEachLimited(due, this.policy.concurrency ?? 4, async (delivery) => {
        if (await this.attempt(channel, delivery, notifications.get(delivery.notificationId))) attempted += 1;
      });
      if (due.length < batchSize || !this.running) return attempted;
    }
  }

  private async loop(channel: NotificationChannel): Promise<void> {
    while (this.running) {
      try {
        await this.drain(channel.name);
      } catch (error) {
        // The database may be briefly away: the next poll retries; the error is logged, never thrown away.
        this.logger.warn(`Delivery on ${channel.name} paused: ${this.describe(error)}`);
      }
      if (!this.isRunning()) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.policy.pollMs);
        this.wakers.set(channel.name, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** A method, not the field: TypeScript narrows a field across awaits as if nothing could change it. */
  private isRunning(): boolean {
    return this.running;
  }

  /** One attempt; false when another sender took the delivery first. */
  private async attempt(
    channel: NotificationChannel,
    delivery: NotificationDeliveryEntity,
    notification: Notification | undefined,
  ): Promise<boolean> {
    const startedAt = this.clock();
    // The lease outlives the attempt's timeout: if this process dies mid-attempt, the delivery is due again then.
    const leaseUntil = startedAt + this.policy.timeoutMs * 2 + 1000;
    if (!(await this.deliveries.claim(delivery, leaseUntil, startedAt))) return false;
    const key = { notificationId: delivery.notificationId, channel: delivery.channel };
    const attempts = delivery.attempts + 1;
    if (!notification) {
      await this.deliveries.markAttemptFailed(key, 'The notification is no longer stored', null, this.clock());
      return true;
    }
    try {
      await channel.deliver(notification, AbortSignal.timeout(this.policy.timeoutMs));
      await this.deliveries.markDelivered(key, this.clock());
    } catch (error) {
      const message = this.describe(error);
      const retryable = !(error instanceof DeliveryError) || error.retryable;
      const now = this.clock();
      const retryAt =
        retryable && attempts < this.policy.maxAttempts
          ? now + retryDelay(attempts, this.policy.retryBaseMs, this.policy.retryMaxMs)
          : null;
      await this.deliveries.markAttemptFailed(key, message, retryAt, now);
      const outcome = retryAt === null ? 'gave up' : `retry in ${Math.round((retryAt - now) / 1000)} s`;
      this.logger.warn(
        `${channel.name} delivery of ${notification.id} failed (attempt ${attempts}, ${outcome}): ${message}`,
      );
    }
    return true;
  }

  private describe(error: unknown): string {
    return this.redactor.redact(error instanceof Error ? error.message : String(error)).slice(0, 2000);
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}
