import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelaisConfig } from '@relais/config';

/** The socket.io adapter (being built in this session). */
export async function configureLiveEvents(app: NestExpressApplication, config: RelaisConfig): Promise<void> {
  await Promise.resolve([app, config]);
}
