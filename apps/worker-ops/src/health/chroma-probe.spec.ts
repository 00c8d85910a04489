import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { probeChroma } from './chroma-probe';
import { freePort } from './testing/redis-server.testing';

describe('probeChroma', () => {
  let server: Server;
  let url: string;
  let respond: (request: IncomingMessage, response: ServerResponse) => void;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      respond(request, response);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    url = `http://127.0.0.1:${address.port}`;
  });

  beforeEach(() => {
    requested.length = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is not configured, and not checked, without a URL', async () => {
    await expect(probeChroma(undefined)).resolves.toEqual({ state: 'not-configured' });
    await expect(probeChroma('')).resolves.toEqual({ state: 'not-configured' });
  });

  it('reports Chroma up when its v2 heartbeat answers, whatever the trailing slash', async () => {
    respond = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"nanosecond heartbeat": 1}');
    };

    await expect(probeChroma(url)).resolves.toEqual({ state: 'up', url, latencyMs: expect.any(Number) as number });
    await expect(probeChroma(`${url}/`)).resolves.toMatchObject({ state: 'up' });
    expect(requested).toEqual(['/api/v2/heartbeat', '/api/v2/heartbeat']);
  });

  it('reports an error status as down with the status and the start of the body', async () => {
    respond = (_request, response) => {
      response.writeHead(503).end('warming up');
    };

    await expect(probeChroma(url)).resolves.toMatchObject({
      state: 'down',
      url,
      error: `HTTP 503 from ${url}/api/v2/heartbeat: warming up`,
    });
  });

  it('reports a server that never answers as down after the timeout', async () => {
    respond = () => undefined;

    await expect(probeChroma(url, { timeoutMs: 200 })).resolves.toMatchObject({
      state: 'down',
      error: `no answer from ${url}/api/v2/heartbeat within 200 ms`,
    });
  });

  it('reports a refused connection as down with its cause', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;

    await expect(probeChroma(closed)).resolves.toMatchObject({
      state: 'down',
      error: expect.stringContaining('ECONNREFUSED') as string,
    });
  });

  it('throws when the run is cancelled rather than calling Chroma down', async () => {
    respond = () => undefined;
    const controller = new AbortController();
    const probing = probeChroma(url, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);

    await expect(probing).rejects.toThrow('run cancelled');
  });
});
