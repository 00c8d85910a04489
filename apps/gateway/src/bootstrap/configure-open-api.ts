import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { browserTokenAccess } from '../auth/browser-token-access.middleware';
import { TokenVerifier } from '../auth/token.verifier';

/**
 * OpenAPI for the REST API: Swagger UI at /api/docs, the document at /api/docs-json (and -yaml). Like every route
 * but health they need a token (viewer): a bearer header, or for a browser `/api/docs?token=<token>` once, which
 * leaves a session cookie for the UI's page, assets and document. The document is built on the first request,
 * not at start-up.
 */
export function configureOpenApi(app: NestExpressApplication): void {
  // Registered before SwaggerModule.setup adds its routes, so it runs first.
  app.use(
    ['/api/docs', '/api/docs-json', '/api/docs-yaml'],
    browserTokenAccess({
      verifier: app.get(TokenVerifier),
      role: 'viewer',
      resource: 'The API documentation',
      entryPath: '/api/docs',
      cookieName: 'relais_docs_token',
      // /api/docs and /api/docs-json share no deeper path. The REST routes under /api ignore the cookie.
      cookiePath: '/api',
    }),
  );
  const document = new DocumentBuilder()
    .setTitle('Relais API')
    .setDescription(
      'Flows, runs, logs, deployments, statistics and reports. Send `Authorization: Bearer <token>`: reads need ' +
        'a viewer token, starting, cancelling, retrying and (un)pausing an operator token. Errors share one ' +
        'shape (ApiError); a 400 names each bad field in `fields`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
}
