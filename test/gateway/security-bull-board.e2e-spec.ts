import type { ApiError, CreatedToken } from '@relais/contracts';
import { QUEUES } from '@relais/contracts';
import { FlowCatalogue } from '@relais/engine';
import { useApiGateway } from './api-test-gateway';
import { callApi, createToken, type RunningGateway } from './gateway-harness';

/** A browser-like GET that does not follow redirects. */
function browse(gateway: RunningGateway, path: string, cookie?: string): Promise<Response> {
  return fetch(gateway.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

describe('gateway security: Bull Board', () => {
  const api = useApiGateway();
  let operator: CreatedToken;
  let viewer: CreatedToken;

  beforeAll(async () => {
    [operator, viewer] = await Promise.all(
      (['operator', 'viewer'] as const).map((role) => createToken(api.gateway, role, role)),
    );
  });

  it('answers 401 without a token and 403 to operator and viewer tokens, on the page and its API', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/js/nothing.js']) {
      const anonymous = await callApi<ApiError>(api.gateway, 'GET', path, { token: null });
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
      expect(anonymous.body.message).toContain('/admin/queues?token=<token>');
      for (const weak of [operator, viewer]) {
        const refused = await callApi<ApiError>(api.gateway, 'GET', path, { token: weak.token });
        expect({ path, role: weak.role, status: refused.status }).toEqual({ path, role: weak.role, status: 403 });
        expect(refused.body.message).toBe(
          `Bull Board needs the admin role; token "${weak.name}" has the ${weak.role} role`,
        );
      }
    }
    const unknown = await callApi<ApiError>(api.gateway, 'GET', '/admin/queues', { token: 'relais_'.padEnd(50, 'z') });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('Unknown or revoked API token');
  });

  it('serves the board and every Relais queue to an admin bearer token', async () => {
    const page = await callApi<string>(api.gateway, 'GET', '/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('Relais queues');
    // Every script is a file from the gateway itself, which the CSP (script-src 'self') allows.
    const scripts = [...page.body.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    for (const attributes of scripts) {
      expect(attributes).toMatch(/type="application\/json"|src="static\//);
    }
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    const boardApi = await callApi<{ queues: { name: string }[] }>(api.gateway, 'GET', '/admin/queues/api/queues');
    expect(boardApi.status).toBe(200);
    // Every queue a known flow runs on, and the scheduler's.
    const expected = [...api.gateway.moduleRef.get(FlowCatalogue).queues(), ...Object.values(QUEUES)];
    expect(boardApi.body.queues.map((queue) => queue.name).sort()).toEqual(expected.sort());
  });

  it('signs a browser in with ?token= once: HttpOnly strict cookie on /admin, redirect without the token', async () => {
    const visit = await browse(api.gateway, `/admin/queues?token=${encodeURIComponent(api.gateway.adminToken)}&page=2`);
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/admin/queues?page=2');
    const setCookie = visit.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^relais_board_token=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict$/);
    const cookie = setCookie.split(';')[0];

    const page = await browse(api.gateway, '/admin/queues?page=2', cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Relais queues');
    const boardApi = await browse(api.gateway, '/admin/queues/api/queues', cookie);
    expect(boardApi.status).toBe(200);
  });

  it('sets no cookie for an unknown or too weak token given in the URL', async () => {
    const unknown = await browse(api.gateway, `/admin/queues?token=${'relais_'.padEnd(50, 'q')}`);
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('set-cookie')).toBeNull();

    const weak = await browse(api.gateway, `/admin/queues?token=${operator.token}`);
    expect(weak.status).toBe(403);
    expect(weak.headers.get('set-cookie')).toBeNull();

    const weakCookie = await browse(api.gateway, '/admin/queues', `relais_board_token=${operator.token}`);
    expect(weakCookie.status).toBe(403);
  });

  it('refuses the cookie once its token is revoked, and clears it', async () => {
    const admin = await callApi<CreatedToken>(api.gateway, 'POST', '/api/tokens', {
      body: { name: 'board-admin', role: 'admin' },
    });
    const visit = await browse(api.gateway, `/admin/queues?token=${admin.body.token}`);
    const cookie = (visit.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await browse(api.gateway, '/admin/queues', cookie)).status).toBe(200);

    expect((await callApi(api.gateway, 'DELETE', `/api/tokens/${admin.body.id}`)).status).toBe(200);
    const refused = await browse(api.gateway, '/admin/queues', cookie);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toMatch(/^relais_board_token=; Path=\/admin; Max-Age=0/);
  });
});
