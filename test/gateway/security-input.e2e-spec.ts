import { io } from 'socket.io-client';
import type { ApiError } from '@relais/contracts';
import { closeRawAgent, rawRequest } from './fuzz/raw-http';
import { callApi, startGateway, type RunningGateway } from './gateway-harness';

/** Issue 10: what a fuzzer and a security review found in the gateway's handling of input. */
describe('gateway security: input the gateway refuses', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    closeRawAgent();
    await gateway.close();
    await gateway.cleanup();
  });

  const runCount = async (): Promise<number> =>
    (await callApi<{ items: unknown[] }>(gateway, 'GET', '/api/runs?limit=500')).body.items.length;

  it('answers 415 to a body that is not JSON instead of starting a run with the defaults', async () => {
    const before = await runCount();
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'garbage']) {
      const response = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
        body: '{"parameters": {"alert_threshold": 10}}',
        headers: { 'content-type': type },
      });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
      expect(response.body.message).toContain('application/json');
    }
    expect(await runCount()).toBe(before);
  });

  it('refuses the keys __proto__, constructor and prototype in bodies and queries, naming them', async () => {
    const prototypeKey = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      body: '{"parameters": {"prototype": 1}}',
    });
    expect(prototypeKey.status).toBe(400);
    expect(prototypeKey.body.fields).toEqual({
      'parameters.prototype': ['"prototype" is a reserved name, not accepted as a key'],
    });
    const proto = await callApi<ApiError>(gateway, 'GET', '/api/runs?__proto__=1');
    expect(proto.status).toBe(400);
    expect(Object.keys(proto.body.fields ?? {})).toEqual(['__proto__']);
    // The seed routes answered 500 to these.
    const seed = await callApi<{ error: string; fields?: Record<string, string[]> }>(
      gateway,
      'POST',
      '/api/flows/process-artist',
      { body: { qid: 'Q296', auto_publish: { constructor: 'x' } } },
    );
    expect(seed.status).toBe(400);
    expect(Object.keys(seed.body.fields ?? {})).toEqual(['auto_publish.constructor']);
  });

  it('answers 400 naming the field to deeply nested JSON, where validation overflowed the stack', async () => {
    const depth = 3_000;
    const response = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      body: `{"parameters": {"detailed": ${'['.repeat(depth)}${']'.repeat(depth)}}}`,
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.fields ?? {})).toEqual([`parameters.detailed${'[0]'.repeat(30)}`]);
  });

  it('refuses null for a parameter, instead of replacing its default', async () => {
    const response = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      body: { parameters: { alert_threshold: null } },
    });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual({ alert_threshold: ['must not be null: leave it out to use its default'] });
    const batch = await callApi<{ fields?: Record<string, string[]> }>(gateway, 'POST', '/api/flows/process-batch', {
      body: { qids: ['Q1'], concurrency: null },
    });
    expect(batch.status).toBe(400);
    expect(Object.keys(batch.body.fields ?? {})).toEqual(['concurrency']);
    const body = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      body: { parameters: null },
    });
    expect(body.body.fields).toEqual({ parameters: ['parameters must not be null: leave it out to use its default'] });
  });

  it('names the path in the 400 of a malformed percent-encoding, and malformed JSON without quoting the body', async () => {
    const path = await rawRequest(gateway.url, {
      method: 'GET',
      path: '/api/runs/%FF',
      headers: { authorization: `Bearer ${gateway.adminToken}` },
    });
    expect(path.status).toBe(400);
    expect((path.body as ApiError).fields).toEqual({ path: ['the segment "%FF" is not valid percent-encoded UTF-8'] });
    const json = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      body: '{"parameters": {"secret": "do-not-echo-me" ',
    });
    expect(json.status).toBe(400);
    expect(json.body.fields).toEqual({ body: [expect.stringMatching(/^is not valid JSON/) as unknown] });
    expect(JSON.stringify(json.body)).not.toContain('do-not-echo-me');
  });

  it('checks the token before the body: no token and malformed JSON is a 401, not a 400', async () => {
    const response = await callApi<ApiError>(gateway, 'POST', '/api/flows/ops.health-check/runs', {
      token: null,
      body: '{"parameters": ',
    });
    expect(response.status).toBe(401);
  });

  it('redirects a ?token= sign-in only to a page of its own, whatever the path says', async () => {
    const token = encodeURIComponent(gateway.adminToken);
    for (const path of [
      `/api/docs/../..//evil.example/x?token=${token}`,
      `/api/docs/%2e%2e/%2e%2e//evil.example/x?token=${token}`,
      `/admin/queues/../..//evil.example/x?token=${token}`,
      `/admin/queues/%2e%2e/%2e%2e/%2fevil.example?token=${token}`,
    ]) {
      const response = await rawRequest(gateway.url, { method: 'GET', path });
      if (response.status !== 303) continue;
      const location = String(response.headers.location);
      expect({ path, location }).toEqual({ path, location: expect.stringMatching(/^\/(api|admin)(\/|$)/) as unknown });
      expect(location.startsWith('//')).toBe(false);
    }
    const signIn = await rawRequest(gateway.url, {
      method: 'GET',
      path: `/api/docs/../..//evil.example/x?token=${token}`,
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/api/docs');
  });

  it('sends no X-Powered-By, on Bull Board either', async () => {
    const board = await callApi(gateway, 'GET', '/admin/queues/api/queues');
    expect(board.status).toBe(200);
    expect(board.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses every connection to the main socket.io namespace, with or without a token', async () => {
    for (const auth of [{}, { token: gateway.adminToken }]) {
      const socket = io(gateway.url, { transports: ['websocket'], reconnection: false, auth });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      socket.close();
      expect(outcome).toMatch(/no such namespace/);
    }
  });

  describe('rate limiting of what no route answers', () => {
    const LIMIT = 4;
    let limited: RunningGateway;

    beforeAll(async () => {
      limited = await startGateway({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    });

    afterAll(async () => {
      await limited.close();
      await limited.cleanup();
    });

    it('counts malformed JSON and unknown paths, and sends X-RateLimit-* headers with the 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++) {
        const response =
          i % 2 === 0
            ? await callApi(limited, 'GET', `/api/no-such-route-${i}`, { token: null })
            : await callApi(limited, 'POST', '/api/flows/ops.health-check/runs', { token: null, body: '{' });
        statuses.push(response.status);
        expect(response.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
        expect(response.headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - i - 1));
      }
      expect(statuses).toEqual([404, 401, 404, 401]);
      const refused = await callApi<ApiError>(limited, 'POST', '/api/flows/ops.health-check/runs', {
        token: null,
        body: '{',
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await callApi(limited, 'GET', '/api/health', { token: null })).status).toBe(200);
    });
  });
});
