import type { ApiError } from '@relais/contracts';
import { callApi, createToken, startGateway, type RunningGateway } from './gateway-harness';

describe('gateway security: HTTP hardening', () => {
  describe('security headers and CORS', () => {
    let gateway: RunningGateway;
    let closedGateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({ env: { CORS_ORIGINS: 'https://ops.example.org,https://status.example.org' } });
      closedGateway = await startGateway();
    });

    afterAll(async () => {
      await gateway.close();
      await gateway.cleanup();
      await closedGateway.close();
      await closedGateway.cleanup();
    });

    it('sends helmet security headers, with a CSP that allows only same-origin scripts and no HTTPS upgrade', async () => {
      const response = await callApi(gateway, 'GET', '/api/whoami');
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-powered-by')).toBeNull();
      // Errors carry them too: helmet runs before any route.
      const refused = await callApi(gateway, 'GET', '/api/whoami', { token: null });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-security-policy')).toBe(csp);
    });

    it('serves the Swagger UI under the same CSP, with only same-origin script files', async () => {
      const docs = await callApi<string>(gateway, 'GET', '/api/docs');
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
      const scripts = [...docs.body.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toMatch(/src="\.\/docs\/[\w.-]+\.js"/);
    });

    it('answers a configured origin with CORS headers, and another origin without', async () => {
      const allowed = await callApi(gateway, 'GET', '/api/whoami', { headers: { origin: 'https://ops.example.org' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.org');
      expect(allowed.headers.get('access-control-expose-headers')).toContain('Retry-After');

      const denied = await callApi(gateway, 'GET', '/api/whoami', { headers: { origin: 'https://evil.example.com' } });
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers a preflight for a configured origin, allowing the Authorization header', async () => {
      const preflight = await fetch(`${gateway.url}/api/tokens`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://status.example.org',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://status.example.org');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    });

    it('sends no CORS headers at all when CORS_ORIGINS is empty', async () => {
      const response = await callApi(closedGateway, 'GET', '/api/whoami', {
        headers: { origin: 'https://ops.example.org' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows any origin with CORS_ORIGINS=*', async () => {
      const open = await startGateway({ env: { CORS_ORIGINS: '*' } });
      try {
        const response = await callApi(open, 'GET', '/api/whoami', { headers: { origin: 'https://anywhere.example' } });
        expect(response.headers.get('access-control-allow-origin')).toBe('*');
      } finally {
        await open.close();
        await open.cleanup();
      }
    });

    it('does not trust X-Forwarded-For', () => {
      expect((gateway.app.getHttpAdapter().getInstance() as { get(name: string): unknown }).get('trust proxy')).toBe(
        false,
      );
    });
  });

  describe('body size limit', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({ env: { BODY_LIMIT_KB: '1' } });
    });

    afterAll(async () => {
      await gateway.close();
      await gateway.cleanup();
    });

    it('answers 413 to a JSON body over BODY_LIMIT_KB, 415 to a form body, and accepts JSON under the limit', async () => {
      const large = await callApi<ApiError>(gateway, 'POST', '/api/tokens', {
        body: { name: 'x'.repeat(2048), role: 'viewer' },
      });
      expect(large.status).toBe(413);

      const form = await callApi(gateway, 'POST', '/api/tokens', {
        body: `name=${'x'.repeat(2048)}&role=viewer`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);

      const small = await callApi(gateway, 'POST', '/api/tokens', { body: { name: 'small', role: 'viewer' } });
      expect(small.status).toBe(201);
    });
  });

  describe('rate limiting', () => {
    const LIMIT = 6;
    let replicaA: RunningGateway;
    let replicaB: RunningGateway;

    beforeAll(async () => {
      replicaA = await startGateway({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
      replicaB = await startGateway({ shareWith: replicaA });
    });

    afterAll(async () => {
      await replicaB.close();
      await replicaA.close();
      await replicaA.cleanup();
    });

    it('shares one budget per token across replicas and Bull Board, then answers 429 with Retry-After', async () => {
      // Created before the budget is spent: POST /api/tokens counts too.
      const created = await createToken(replicaA, 'own-budget', 'viewer');
      const statuses: number[] = [];
      for (let i = 1; i < LIMIT; i++) {
        const path = i === 3 ? '/admin/queues/api/queues' : '/api/whoami';
        statuses.push((await callApi(i % 2 === 0 ? replicaA : replicaB, 'GET', path)).status);
      }
      expect(statuses).toEqual(Array<number>(LIMIT - 1).fill(200));

      const refused = await callApi<ApiError>(replicaB, 'GET', '/api/whoami');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.message).toBe(
        `Rate limit of ${LIMIT} requests per minute exceeded: retry in ${retryAfter} s`,
      );
      expect((await callApi(replicaA, 'GET', '/api/tokens')).status).toBe(429);
      const board = await callApi<ApiError>(replicaA, 'GET', '/admin/queues');
      expect(board.status).toBe(429);
      expect(Number(board.headers.get('retry-after'))).toBeGreaterThan(0);

      // Another token has its own budget; health probes are never limited.
      expect((await callApi(replicaA, 'GET', '/api/whoami', { token: created.token })).status).toBe(200);
      expect((await callApi(replicaA, 'GET', '/api/health', { token: null })).status).toBe(200);
    });

    it('limits requests without a valid token per IP address, so guessing tokens is limited too', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++) {
        const token = i % 2 === 0 ? null : `relais_guess${i}`.padEnd(50, 'x');
        const path = i === 2 ? '/admin/queues' : '/api/whoami';
        statuses.push((await callApi(i % 2 === 0 ? replicaA : replicaB, 'GET', path, { token })).status);
      }
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
      expect((await callApi(replicaB, 'GET', '/admin/queues', { token: null })).status).toBe(429);
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY)', () => {
    const LIMIT = 3;
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'loopback' } });
    });

    afterAll(async () => {
      await gateway.close();
      await gateway.cleanup();
    });

    it("gives each client the proxy forwards a budget of its own, the API's and Bull Board's alike", async () => {
      const from = (client: string, path = '/api/whoami') =>
        callApi(gateway, 'GET', path, { token: null, headers: { 'x-forwarded-for': client } });
      const first: number[] = [];
      for (let i = 0; i <= LIMIT; i++)
        first.push((await from('203.0.113.7', i === 1 ? '/admin/queues' : undefined)).status);
      expect(first).toEqual([...Array<number>(LIMIT).fill(401), 429]);
      // Another client behind the same proxy is not refused for the first one's requests.
      expect((await from('198.51.100.23')).status).toBe(401);
      expect((await from('198.51.100.23', '/admin/queues')).status).toBe(401);
    });
  });
});
