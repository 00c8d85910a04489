import type { ApiError, CreatedToken } from '@relais/contracts';
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

  it('serves the OpenAPI document of every generic route', async () => {
    const { status, body } = await callApi<OpenApiDocument>(api.gateway, 'GET', '/api/docs-json');
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

  it('describes the answer of every documents and DPGF route with a schema the dashboard is typed from', async () => {
    const { body } = await callApi<OpenApiDocument>(api.gateway, 'GET', '/api/docs-json');
    const described = Object.entries(body.paths)
      .filter(([path]) => path.startsWith('/api/documents') || path.startsWith('/api/dpgf/'))
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => {
          const success = (operation.responses['200'] ?? operation.responses['201']) as
            | { content?: { 'application/json'?: { schema?: { $ref?: string; items?: { $ref?: string } } } } }
            | undefined;
          const schema = success?.content?.['application/json']?.schema;
          const described = schema?.$ref ?? (schema?.items?.$ref ? `array of ${schema.items.$ref}` : 'none');
          return [`${method.toUpperCase()} ${path}`, described];
        }),
      );
    expect(Object.fromEntries(described)).toEqual({
      'POST /api/documents/query': '#/components/schemas/DocumentQueryAnswerResponse',
      'POST /api/documents': '#/components/schemas/DocumentUploadResponse',
      'GET /api/documents': '#/components/schemas/DocumentPageResponse',
      'GET /api/documents/{id}': '#/components/schemas/DocumentResponse',
      'DELETE /api/documents/{id}': '#/components/schemas/DocumentRemovedResponse',
      'GET /api/dpgf/imports': '#/components/schemas/DpgfImportPageResponse',
      'GET /api/dpgf/import-failures': '#/components/schemas/DpgfImportFailurePageResponse',
      'GET /api/dpgf/clients': '#/components/schemas/DpgfClientPageResponse',
      'GET /api/dpgf/dpgf': '#/components/schemas/DpgfSchedulePageResponse',
      'GET /api/dpgf/dpgf/{id}/lots': 'array of #/components/schemas/DpgfLotResponse',
      'GET /api/dpgf/lots/{id}/sections': '#/components/schemas/DpgfLotSectionsResponse',
    });
  });

  it('serves Swagger UI', async () => {
    const { status, headers, body } = await callApi<string>(api.gateway, 'GET', '/api/docs');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/html');
    expect(body).toContain('swagger-ui');
  });

  it('needs a token like every route but health: 401 without, a viewer token is enough', async () => {
    for (const path of ['/api/docs', '/api/docs-json', '/api/docs-yaml', '/api/docs/swagger-ui-init.js']) {
      const anonymous = await callApi<ApiError>(api.gateway, 'GET', path, { token: null });
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(anonymous.body.message).toContain('/api/docs?token=<token>');
    }
    const viewer = await callApi<CreatedToken>(api.gateway, 'POST', '/api/tokens', {
      body: { name: 'docs-reader', role: 'viewer' },
    });
    const document = await callApi<OpenApiDocument>(api.gateway, 'GET', '/api/docs-json', {
      token: viewer.body.token,
    });
    expect(document.status).toBe(200);
    expect(document.body.info.title).toBe('Relais API');
  });

  it('signs a browser in with ?token= once; the cookie opens the UI and its document, never the REST API', async () => {
    const viewer = await callApi<CreatedToken>(api.gateway, 'POST', '/api/tokens', {
      body: { name: 'docs-browser', role: 'viewer' },
    });
    const visit = await fetch(`${api.gateway.url}/api/docs?token=${viewer.body.token}`, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/api/docs');
    const setCookie = visit.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^relais_docs_token=[^;]+; Path=\/api; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0];

    for (const path of ['/api/docs', '/api/docs/swagger-ui-init.js', '/api/docs-json']) {
      const response = await fetch(api.gateway.url + path, { headers: { cookie } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    const rest = await fetch(`${api.gateway.url}/api/runs`, { headers: { cookie } });
    expect(rest.status).toBe(401);
  });
});
