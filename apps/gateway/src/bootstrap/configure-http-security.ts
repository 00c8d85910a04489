import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { RelaisConfig } from '@relais/config';
import { accessLogMiddleware } from '../auth/access-log.middleware';

/** Headers browsers may read from cross-origin responses, beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/**
 * The HTTP hardening every request goes through, before any route: security headers (helmet), CORS from
 * CORS_ORIGINS, body size limits, and the access log (LOG_LEVEL=debug). Tokens and roles are checked per route
 * (AuthModule).
 */
export function configureHttpSecurity(app: NestExpressApplication, config: RelaisConfig): void {
  // Off unless a deployment behind a proxy says which proxies to believe (TRUST_PROXY): trusting every sender
  // of X-Forwarded-For would let anyone pick their own client address, and so their own rate-limit budget.
  app.set('trust proxy', config.gateway.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Helmet's defaults suit Bull Board, the Swagger UI and the dashboard: scripts only from this origin
          // (their inline <script> blocks are JSON data, which CSP does not block), inline styles allowed, fonts
          // and style sheets over https (Bull Board's Google Fonts), images from here or data: URLs.
          // Upgrading requests would break every page of a gateway served over plain HTTP on a LAN.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  const origins = config.gateway.corsOrigins;
  if (origins.length > 0) {
    app.enableCors({
      // Tokens travel in the Authorization header, never in cookies, so credentials are not needed cross-origin.
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
  // Larger bodies get 413 (the API's exception filter maps body-parser's entity.too.large).
  app.useBodyParser('json', { limit: config.gateway.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.gateway.bodyLimitBytes, extended: true });
  // Only when its lines would be printed: otherwise every request pays for a timer and a listener for nothing.
  if (config.logLevel === 'debug') app.use(accessLogMiddleware());
}
