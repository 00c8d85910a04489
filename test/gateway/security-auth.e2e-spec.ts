import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ApiError, CreatedToken, TokenSummary } from '@relais/contracts';
import { waitFor } from '../support/test-env';
import { useApiGateway } from './api-test-gateway';
import { callApi, createToken, startGateway } from './gateway-harness';

interface TokenRow {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  prefix: string;
  created_at: string | number;
  last_used_at: string | number | null;
  revoked_at: string | number | null;
}

describe('gateway security: tokens and roles', () => {
  const api = useApiGateway();
  let viewer: CreatedToken;
  let operator: CreatedToken;

  beforeAll(async () => {
    viewer = await createToken(api.gateway, 'dashboard-reader', 'viewer');
    operator = await createToken(api.gateway, 'ci-pipeline', 'operator');
  });

  const tokenRow = async (id: string): Promise<TokenRow> => {
    const rows = await api.gateway.app.get(DataSource).query<TokenRow[]>('SELECT * FROM api_tokens WHERE id = ?', [id]);
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  it('answers 401 without a token on every kind of route, and says what to send', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/whoami'],
      ['GET', '/api/tokens'],
      ['POST', '/api/tokens'],
      ['DELETE', `/api/tokens/${randomUUID()}`],
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['GET', '/api/runs'],
      ['POST', '/api/flows/test.sleep-awhile/runs'],
      ['POST', `/api/runs/${randomUUID()}/cancel`],
      ['POST', '/api/deployments/pause-all'],
      ['GET', '/metrics'],
    ];
    for (const [method, path] of routes) {
      const response = await callApi<ApiError>(api.gateway, method, path, {
        token: null,
        body: method === 'POST' ? {} : undefined,
      });
      expect({ route: `${method} ${path}`, status: response.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="relais"');
      expect(response.body.message).toMatch(/token/i);
    }
    const missing = await callApi<ApiError>(api.gateway, 'GET', '/api/whoami', { token: null });
    expect(missing.body.message).toContain('Authorization: Bearer <token>');
  });

  it('answers 401 to a malformed header and to an unknown token, with different messages', async () => {
    const malformed = await callApi<ApiError>(api.gateway, 'GET', '/api/whoami', {
      token: null,
      headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    });
    expect(malformed.status).toBe(401);
    expect(malformed.body.message).toMatch(/^Malformed Authorization header/);

    const unknown = await callApi<ApiError>(api.gateway, 'GET', '/api/whoami', {
      token: `relais_${randomBytes(32).toString('base64url')}`,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('Unknown or revoked API token');
  });

  it('lets anyone read the health endpoint without a token', async () => {
    const health = await callApi<{ status: string }>(api.gateway, 'GET', '/api/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('tells each valid token who it is (GET /api/whoami)', async () => {
    const asViewer = await callApi(api.gateway, 'GET', '/api/whoami', { token: viewer.token });
    expect(asViewer.status).toBe(200);
    expect(asViewer.body).toEqual({ tokenId: viewer.id, name: 'dashboard-reader', role: 'viewer' });

    const asAdmin = await callApi<{ name: string; role: string }>(api.gateway, 'GET', '/api/whoami');
    expect(asAdmin.body).toMatchObject({ name: 'bootstrap-admin', role: 'admin' });
  });

  it('answers 403 naming the role needed when a token is too weak for the token routes', async () => {
    for (const weak of [viewer, operator]) {
      const list = await callApi<ApiError>(api.gateway, 'GET', '/api/tokens', { token: weak.token });
      expect(list.status).toBe(403);
      expect(list.body.message).toBe(`This route needs the admin role; token "${weak.name}" has the ${weak.role} role`);
      const create = await callApi(api.gateway, 'POST', '/api/tokens', {
        token: weak.token,
        body: { name: 'x', role: 'admin' },
      });
      expect(create.status).toBe(403);
      const revoke = await callApi(api.gateway, 'DELETE', `/api/tokens/${viewer.id}`, { token: weak.token });
      expect(revoke.status).toBe(403);
    }
    // Nothing was created or revoked by the refused calls.
    const tokens = await callApi<TokenSummary[]>(api.gateway, 'GET', '/api/tokens');
    expect(tokens.body.filter((token) => token.name === 'x')).toEqual([]);
    expect(tokens.body.find((token) => token.id === viewer.id)?.revokedAt).toBeNull();
  });

  it('answers 403 to a viewer on operator routes, which an operator may use', async () => {
    const operatorRoutes: [string, string, unknown][] = [
      ['POST', '/api/flows/test.sleep-awhile/runs', { parameters: { ms: 1 } }],
      ['POST', `/api/runs/${randomUUID()}/cancel`, undefined],
      ['POST', `/api/runs/${randomUUID()}/retry`, undefined],
      ['POST', '/api/deployments/no-such-deployment/pause', undefined],
    ];
    for (const [method, path, body] of operatorRoutes) {
      const refused = await callApi<ApiError>(api.gateway, method, path, { token: viewer.token, body });
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect(refused.body.message).toBe(
        'This route needs the operator role; token "dashboard-reader" has the viewer role',
      );
    }
    const started = await callApi<{ id: string }>(api.gateway, 'POST', '/api/flows/test.sleep-awhile/runs', {
      token: operator.token,
      body: { parameters: { ms: 1 } },
    });
    expect(started.status).toBe(201);
    // Past the guard, the routes themselves answer: no worker runs the test queue, so the run is still queued.
    const cancel = await callApi<{ state: string }>(api.gateway, 'POST', `/api/runs/${started.body.id}/cancel`, {
      token: operator.token,
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('CANCELLED');
    const pause = await callApi(api.gateway, 'POST', '/api/deployments/no-such-deployment/pause', {
      token: operator.token,
    });
    expect(pause.status).toBe(404);
    // A viewer can read what the operator started.
    const read = await callApi<{ id: string }>(api.gateway, 'GET', `/api/runs/${started.body.id}`, {
      token: viewer.token,
    });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(started.body.id);
  });

  it('shows a new token once and stores only its SHA-256 hash', async () => {
    const created = await createToken(api.gateway, 'nightly-export', 'viewer');
    expect(created.token).toMatch(/^relais_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'nightly-export', role: 'viewer', lastUsedAt: null, revokedAt: null });
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created.prefix).toHaveLength('relais_'.length + 4);

    const row = await tokenRow(created.id);
    expect(row.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await callApi<TokenSummary[]>(api.gateway, 'GET', '/api/tokens');
    expect(list.status).toBe(200);
    const listed = list.body.find((token) => token.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name: 'nightly-export',
      role: 'viewer',
      prefix: created.prefix,
      createdAt: created.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    const body = JSON.stringify(list.body);
    expect(body).not.toContain(created.token);
    expect(body).not.toContain(row.token_hash);
    expect(body).not.toContain(api.gateway.adminToken);
    // RELAIS_ADMIN_TOKEN was chosen by a person: none of it is shown or stored in clear.
    expect(list.body.find((token) => token.name === 'bootstrap-admin')?.prefix).toBe('');
    expect(body).not.toContain(api.gateway.adminToken.slice(0, 10));
  });

  it('records when a token was last used', async () => {
    const created = await createToken(api.gateway, 'usage-probe', 'viewer');
    expect((await callApi(api.gateway, 'GET', '/api/whoami', { token: created.token })).status).toBe(200);
    await waitFor(async () => (await tokenRow(created.id)).last_used_at !== null, { message: 'last_used_at' });
    const listed = (await callApi<TokenSummary[]>(api.gateway, 'GET', '/api/tokens')).body.find(
      (t) => t.id === created.id,
    );
    expect(listed?.lastUsedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it('refuses a revoked token at once on this replica and within seconds on another', async () => {
    const created = await createToken(api.gateway, 'short-lived', 'operator');
    const replica = await startGateway({ shareWith: api.gateway });
    try {
      // Both replicas have now cached the token as valid.
      expect((await callApi(api.gateway, 'GET', '/api/whoami', { token: created.token })).status).toBe(200);
      expect((await callApi(replica, 'GET', '/api/whoami', { token: created.token })).status).toBe(200);

      const revoked = await callApi<TokenSummary>(api.gateway, 'DELETE', `/api/tokens/${created.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.stringMatching(/^\d{4}-/));
      expect((await tokenRow(created.id)).revoked_at).not.toBeNull();

      const here = await callApi<ApiError>(api.gateway, 'GET', '/api/whoami', { token: created.token });
      expect(here.status).toBe(401);
      expect(here.body.message).toBe('Unknown or revoked API token');
      await waitFor(
        async () => (await callApi(replica, 'GET', '/api/whoami', { token: created.token })).status === 401,
        { timeoutMs: 20_000, intervalMs: 250, message: 'the other replica to refuse the revoked token' },
      );

      // Revoking again changes nothing.
      const again = await callApi<TokenSummary>(api.gateway, 'DELETE', `/api/tokens/${created.id}`);
      expect(again.status).toBe(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    } finally {
      await replica.close();
    }
  });

  it('never lets the last active admin token be revoked', async () => {
    const admins = (await callApi<TokenSummary[]>(api.gateway, 'GET', '/api/tokens')).body.filter(
      (token) => token.role === 'admin' && token.revokedAt === null,
    );
    expect(admins.map((token) => token.name)).toEqual(['bootstrap-admin']);

    const refused = await callApi<ApiError>(api.gateway, 'DELETE', `/api/tokens/${admins[0].id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('last active admin token');

    const second = await createToken(api.gateway, 'second-admin', 'admin');
    expect((await callApi(api.gateway, 'DELETE', `/api/tokens/${second.id}`)).status).toBe(200);
    expect((await callApi(api.gateway, 'GET', '/api/whoami')).status).toBe(200);
  });

  it('answers 400 naming each bad field, and 404 for an unknown token id', async () => {
    const bad = await callApi<ApiError>(api.gateway, 'POST', '/api/tokens', { body: { name: '  ', role: 'root' } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({
      name: ['name must be 1 to 100 characters'],
      role: ['role must be one of viewer, operator, admin'],
    });
    expect(bad.body.message).toContain('role: role must be one of viewer, operator, admin');

    const missing = await callApi<ApiError>(api.gateway, 'POST', '/api/tokens', { body: { role: 'viewer' } });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.fields ?? {})).toEqual(['name']);

    const unknownField = await callApi<ApiError>(api.gateway, 'POST', '/api/tokens', {
      body: { name: 'x', role: 'viewer', tokenHash: 'abc' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.fields).toEqual({ tokenHash: ['tokenHash is not accepted here'] });

    const badId = await callApi<ApiError>(api.gateway, 'DELETE', '/api/tokens/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.fields).toEqual({ id: ['must be a token id (a UUID)'] });

    const unknownId = randomUUID();
    const notFound = await callApi<ApiError>(api.gateway, 'DELETE', `/api/tokens/${unknownId}`);
    expect(notFound.status).toBe(404);
    expect(notFound.body.message).toBe(`Token ${unknownId} not found`);
  });
});
