import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { errorMessage, REDIS_CLIENT, type RedisClient } from '@relais/engine';

/** A probe must answer in time even while the shared client is retrying a lost connection. */
const PING_TIMEOUT_MS = 2_000;

/** Redis is up when it answers PING on the gateway's command connection. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no PONG within ${PING_TIMEOUT_MS} ms`));
      }, PING_TIMEOUT_MS);
    });
    const ping = this.redis.ping();
    try {
      await Promise.race([ping, timeout]);
      return indicator.up();
    } catch (error) {
      // The ping may still settle after the timeout won; its outcome no longer matters.
      ping.catch(() => undefined);
      return indicator.down({ message: errorMessage(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
