import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor, type RunEvent } from '@relais/contracts';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';
import { errorMessage } from '../errors';
import { SecretRedactor } from '../logging/secret-redactor';

type EventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

/**
 * Publishes run events on Redis pub/sub for the gateway to relay. Events are a live view, not a record (the
 * database is), so a failed publish is logged and never fails the run.
 */
@Injectable()
export class RunEventPublisher {
  private readonly logger = new Logger(RunEventPublisher.name);
  private readonly channel: string;
  private readonly redactor: SecretRedactor;

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
    const payload = JSON.stringify({ ...event, ...text, at: new Date().toISOString() });
    this.redis.publish(this.channel, payload).catch((error: unknown) => {
      this.logger.warn(`Could not publish ${event.event} for run ${event.runId}: ${errorMessage(error)}`);
    });
  }
}
