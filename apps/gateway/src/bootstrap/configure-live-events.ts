import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelaisConfig } from '@relais/config';
import { RedisIoAdapter } from '../events/redis-io.adapter';

/**
 * socket.io for the live events (EventsModule), joined to the other gateway replicas by the Redis adapter. Must
 * run before `app.init()`/`listen()`, which bind the gateways to the adapter set here. Nothing to wait for: the
 * gateway starts even while Redis is away (it says so on /api/health), and the adapter subscribes once it is back.
 */
export function configureLiveEvents(app: NestExpressApplication, config: RelaisConfig): Promise<void> {
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  return Promise.resolve();
}
