import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RelaisConfig } from '@relais/config';
import { configureHttpSecurity } from './configure-http-security';
import { configureKeepAlive } from './configure-keep-alive';
import { configureLegacyRoutes } from './configure-legacy-routes';
import { configureLiveEvents } from './configure-live-events';
import { configureOpenApi } from './configure-open-api';
import { configureDashboard } from '../dashboard/dashboard-assets';

/**
 * Everything the gateway needs beyond its module: the domains' legacy paths, body parsing and limits, helmet, CORS, keep-alive, the socket.io adapter,
 * OpenAPI, the dashboard's files. main.ts and the end-to-end tests both call it, so the tests exercise the app exactly as it ships.
 * The app must have been created with `{ bodyParser: false }` (the body limit is set here).
 */
export async function configureGatewayApp(app: NestExpressApplication, config: RelaisConfig): Promise<void> {
  configureLegacyRoutes(app);
  configureHttpSecurity(app, config);
  configureKeepAlive(app);
  await configureLiveEvents(app, config);
  configureOpenApi(app);
  configureDashboard(app);
}
