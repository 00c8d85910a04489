import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOMAIN_REGISTRY, rewriteLegacyPath, type DomainRegistry } from '@relais/domain-kit';

/**
 * Rewrites the domains' older paths (a seed's API) to the routes mounted under `/api/<domain>`, before any
 * middleware or route sees them: auth, rate limits and logs then treat both paths as one route.
 */
export function configureLegacyRoutes(app: NestExpressApplication): void {
  const routes = app.get<DomainRegistry>(DOMAIN_REGISTRY).legacyRoutes();
  if (routes.length === 0) return;
  app.use((request: IncomingMessage, _response: ServerResponse, next: () => void) => {
    const rewritten = rewriteLegacyPath(routes, request.method ?? 'GET', request.url ?? '/');
    if (rewritten !== null) request.url = rewritten;
    next();
  });
}
