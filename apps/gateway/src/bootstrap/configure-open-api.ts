import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * OpenAPI for the REST API: Swagger UI at /api/docs, the document at /api/docs-json. Both are public (they
 * describe the API, they expose no data); the document is built on the first request, not at start-up.
 */
export function configureOpenApi(app: NestExpressApplication): NestExpressApplication {
  const config = new DocumentBuilder()
    .setTitle('Relais API')
    .setDescription(
      'Flows, runs, logs, deployments, statistics and reports. Send `Authorization: Bearer <token>`: reads need ' +
        'a viewer token, starting, cancelling, retrying and (un)pausing an operator token. Errors share one ' +
        'shape (ApiError); a 400 names each bad field in `fields`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });
  return app;
}
