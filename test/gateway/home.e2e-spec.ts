import { useApiGateway } from './api-test-gateway';
import { callApi } from './gateway-harness';

interface ApiIndexBody {
  name: string;
  authentication: string;
  links: Record<string, { href: string; title: string; access: string }>;
}

/** What the banner of `npm start` points a newcomer at must answer something useful, and leak nothing. */
describe('gateway index pages: GET / and GET /api', () => {
  const api = useApiGateway();

  it('answers GET /api without a token with a JSON index of where to go', async () => {
    const { status, headers, body } = await callApi<ApiIndexBody>(api.gateway, 'GET', '/api', { token: null });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.name).toBe('Relais');
    expect(body.authentication).toContain('Authorization: Bearer');
    expect(Object.fromEntries(Object.entries(body.links).map(([name, link]) => [name, link.href]))).toMatchObject({
      apiDocs: '/api/docs',
      openApi: '/api/docs-json',
      bullBoard: '/admin/queues',
      health: '/api/health',
      metrics: '/metrics',
      flows: '/api/flows',
      runs: '/api/runs',
    });
    expect(body.links.health.access).toBe('none');
    expect(body.links.bullBoard.access).toBe('admin');
  });

  it('answers GET / without a token with an HTML page linking the docs, Bull Board, health and metrics', async () => {
    const { status, headers, body } = await callApi<string>(api.gateway, 'GET', '/', { token: null });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    for (const href of ['/api/docs', '/admin/queues', '/api/health', '/metrics', '/api']) {
      expect(body).toContain(`href="${href}"`);
    }
    expect(body).toContain('<title>Relais</title>');
  });

  it('shows no token, even to a caller who sent one', async () => {
    for (const path of ['/', '/api']) {
      const { status, body } = await callApi(api.gateway, 'GET', path);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      expect(status).toBe(200);
      expect(text).not.toContain(api.gateway.adminToken);
      expect(text).not.toMatch(/relais_[A-Za-z0-9_-]{20,}/);
    }
  });

  it('still needs a token everywhere else under /api', async () => {
    expect((await callApi(api.gateway, 'GET', '/api/flows', { token: null })).status).toBe(401);
    expect((await callApi(api.gateway, 'GET', '/api/unknown-route', { token: null })).status).toBe(404);
  });
});
