import type { NestExpressApplication } from '@nestjs/platform-express';

/** OpenAPI at /api/docs (being built in this session). */
export function configureOpenApi(app: NestExpressApplication): NestExpressApplication {
  return app;
}
