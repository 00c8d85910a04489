import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../infrastructure/redis-connections';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor } from '@relais/contracts';
import { REDIS_CLIENT } from '../infrastructure/redis.tokens';

/** Tells every worker to abort a run; the one running it does. */
@Injectable()
export class CancelRequestPublisher {
  private readonly channel: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
  ) {
    this.channel = channelsFor(config.redisPrefix).cancelRequests;
  }

  async publish(runId: string): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify({ runId }));
  }
}
