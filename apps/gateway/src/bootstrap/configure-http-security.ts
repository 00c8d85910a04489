import type { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerStorage } from '@nestjs/throttler';
import helmet from 'helmet';
import type { RelaisConfig } from '@relais/config';
import { DOMAIN_REGISTRY, type DomainRegistry } from '@relais/domain-kit';
import { accessLogMiddleware } from '../auth/access-log.middleware';
import { clientRateLimit } from '../auth/client-rate-limit.middleware';
import { RequestAuthenticator } from '../auth/request-authenticator';
import {
  bodyParserProblems,
  bodyShapeCheck,
  JSON_MEDIA_TYPES,
  jsonBodiesOnly,
  pathEncodingCheck,
} from './request-body.middleware';

/** Headers browsers may read from cross-origin responses, beyond the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** GET paths that are never rate limited: the health probes (`@Public`). */
const UNMETERED_PATHS = ['/api/health'];

/**
 * The HTTP hardening every request goes through, before any route, in this order: security headers (helmet),
 * CORS from CORS_ORIGINS, the access log (LOG_LEVEL=debug), the client's rate limit (before anything costs more
 * than a counter), the path's encoding, then the body: JSON only, at most BODY_LIMIT_KB, checked for its shape
 * (depth, reserved keys) before any validator sees it. Body problems are answered inside the route, after the
 * token is checked (RequestProblemGuard). Tokens and roles are checked per route (AuthModule).
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
  // Only when its lines would be printed: otherwise every request pays for a timer and a listener for nothing.
  if (config.logLevel === 'debug') app.use(accessLogMiddleware());
  app.use(
    clientRateLimit({
      authenticator: app.get(RequestAuthenticator),
      storage: app.get<ThrottlerStorage>(ThrottlerStorage),
      limitPerMinute: config.gateway.rateLimitPerMinute,
      unmeteredPaths: UNMETERED_PATHS,
    }),
  );
  app.use(pathEncodingCheck());
  app.use(jsonBodiesOnly(app.get<DomainRegistry>(DOMAIN_REGISTRY).uploadPaths()));
  // No form parser: a body that is not JSON is refused (415), not half-understood.
  app.useBodyParser('json', { limit: config.gateway.bodyLimitBytes, type: JSON_MEDIA_TYPES });
  app.use(bodyParserProblems());
  app.use(bodyShapeCheck());
}
