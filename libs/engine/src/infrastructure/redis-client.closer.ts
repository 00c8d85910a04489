import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { closeRedisClient, type RedisClient } from './redis-connections';
import { REDIS_CLIENT } from './redis.tokens';

/** Closes the shared command connection last, after everything that publishes on it has stopped. */
@Injectable()
export class RedisClientCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}
