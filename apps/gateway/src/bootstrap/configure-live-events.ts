import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelaisConfig } from '@relais/config';
import { RedisIoAdapter } from '../events/redis-io.adapter';

/**
 * socket.io for the live events (EventsModule), joined to the other gateway replicas by the Redis adapter. Must
 * run before `app.init()`/`listen()`, which bind the gateways to the adapter set here. Fails when Redis cannot
 * be reached, like the rest of the gateway's start.
 */
export async function configureLiveEvents(app: NestExpressApplication, config: RelaisConfig): Promise<void> {
  const adapter = new RedisIoAdapter(app, config);
  await adapter.connect();
  app.useWebSocketAdapter(adapter);
}
