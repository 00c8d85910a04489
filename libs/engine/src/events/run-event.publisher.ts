import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor, type RunEvent } from '@relais/contracts';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';
import { errorMessage } from '../errors';
import { SecretRedactor } from '../logging/secret-redactor';

type EventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

/** Events per message at most, so that one message stays small whatever a turn of the event loop published. */
const EVENTS_PER_MESSAGE = 200;

/**
 * Publishes run events on Redis pub/sub for the gateway to relay. Events are a live view, not a record (the
 * database is), so a failed publish is logged and never fails the run.
 *
 * The events of one turn of the event loop leave as one message, in the order they were published: a JSON array
 * when there are several, the event itself when it is alone. A busy worker publishes two events per run, and one
 * PUBLISH per event was a tenth of the Redis commands a no-op run cost (and each is fanned out to every gateway).
 */
@Injectable()
export class RunEventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(RunEventPublisher.name);
  private readonly channel: string;
  private readonly redactor: SecretRedactor;
  /** Serialised events waiting for the end of this turn of the event loop. */
  private pending: string[] = [];
  private scheduled = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
  ) {
    this.channel = channelsFor(config.redisPrefix).runEvents;
    this.redactor = new SecretRedactor(config.secrets);
  }

  publish(event: EventInput): void {
    // Log lines, errors and progress messages reach every dashboard watching: scrub them like the stored copy.
    const text: { message?: string | null; error?: string } = {};
    if ('message' in event) text.message = this.redactor.redactNullable(event.message);
    if ('error' in event) text.error = this.redactor.redactNullable(event.error);
    this.pending.push(JSON.stringify({ ...event, ...text, at: new Date().toISOString() }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.sendPending());
    }
  }

  /** What is still pending leaves now: the Redis connection closes after this. */
  onApplicationShutdown(): void {
    this.sendPending();
  }

  private sendPending(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    for (let i = 0; i < pending.length; i += EVENTS_PER_MESSAGE) {
      const events = pending.slice(i, i + EVENTS_PER_MESSAGE);
      const message = events.length === 1 ? events[0] : `[${events.join(',')}]`;
      this.redis.publish(this.channel, message).catch((error: unknown) => {
        this.logger.warn(`Could not publish ${events.length} run event(s): ${errorMessage(error)}`);
      });
    }
  }
}
