import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor, type RunEvent } from '@relais/contracts';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';
import { errorMessage } from '../errors';

type EventInput = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'at'> : never) : never;

/**
 * Publishes run events on Redis pub/sub for the gateway to relay. Events are a live view, not a record (the
 * database is), so a failed publish is logged and never fails the run.
 */
@Injectable()
export class RunEventPublisher {
  private readonly logger = new Logger(RunEventPublisher.name);
  private readonly channel: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
  ) {
    this.channel = channelsFor(config.redisPrefix).runEvents;
  }

  publish(event: EventInput): void {
    const payload = JSON.stringify({ ...event, at: new Date().toISOString() });
    this.redis.publish(this.channel, payload).catch((error: unknown) => {
      this.logger.warn(`Could not publish ${event.event} for run ${event.runId}: ${errorMessage(error)}`);
    });
  }
}
