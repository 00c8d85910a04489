import { callApi } from './gateway-harness';
import { useApiGateway } from './api-test-gateway';

interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: object };
}

describe('REST API: OpenAPI at /api/docs', () => {
  const api = useApiGateway();

  it('serves the OpenAPI document of every generic route, without a token', async () => {
    const { status, body } = await callApi<OpenApiDocument>(api.gateway, 'GET', '/api/docs-json', { token: null });
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(body.info.title).toBe('Relais API');
    const routes = Object.entries(body.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/flows',
        'GET /api/flows/{name}',
        'POST /api/flows/{name}/runs',
        'GET /api/runs',
        'GET /api/runs/{id}',
        'GET /api/runs/{id}/logs',
        'POST /api/runs/{id}/cancel',
        'POST /api/runs/{id}/retry',
        'GET /api/deployments',
        'GET /api/deployments/{name}',
        'POST /api/deployments/{name}/run',
        'POST /api/deployments/{name}/pause',
        'POST /api/deployments/{name}/resume',
        'POST /api/deployments/pause-all',
        'POST /api/deployments/resume-all',
        'GET /api/stats',
        'GET /api/reports/{id}',
        'GET /api/health',
        'GET /metrics',
      ]),
    );
    expect(Object.keys(body.paths['/api/flows/{name}/runs'].post.responses).sort()).toEqual(
      expect.arrayContaining(['200', '201', '400', '404', '413']),
    );
    expect(body.paths['/api/runs/{id}'].get.security).toEqual([{ bearer: [] }]);
    expect(body.components.securitySchemes).toHaveProperty('bearer');
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining([
        'RunSummaryResponse',
        'RunDetailResponse',
        'ApiErrorResponse',
        'DeploymentSummaryResponse',
      ]),
    );
    expect(Object.keys(body.components.schemas.RunDetailResponse.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'state', 'steps', 'children', 'artifacts', 'parameters', 'result']),
    );
  });

  it('serves Swagger UI', async () => {
    const { status, headers, body } = await callApi<string>(api.gateway, 'GET', '/api/docs', { token: null });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/html');
    expect(body).toContain('swagger-ui');
  });
});
