import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelaisConfig } from '@relais/config';

/** Body parsing with the configured size limit. */
export function configureHttpSecurity(app: NestExpressApplication, config: RelaisConfig): void {
  app.useBodyParser('json', { limit: config.gateway.bodyLimitBytes });
}
