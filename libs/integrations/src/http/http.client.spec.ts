import { HttpClient } from './http.client';
import type { RetryNotice } from './http-settings';
import { ServiceUnreachableError } from './integration.errors';

/** What undici's fetch throws when a host name does not resolve. */
function dnsFailure(host: string): TypeError {
  const system = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return new TypeError('fetch failed', { cause: system });
}

function clientWith(fetch: typeof globalThis.fetch): HttpClient {
  return new HttpClient({
    service: 'Test API',
    userAgent: 'test',
    timeoutMs: 1000,
    maxRetries: 3,
    baseDelayMs: 1,
    fetch,
  });
}

describe('HttpClient', () => {
  it('does not retry a host name that does not resolve, and says so without the whole URL', async () => {
    let calls = 0;
    const client = clientWith(() => {
      calls++;
      return Promise.reject(dnsFailure('api.example.invalid'));
    });
    const error = (await client
      .send({ url: 'https://api.example.invalid/v1/items?page=2&token=s3cret' })
      .catch((caught: unknown) => caught)) as ServiceUnreachableError;
    expect(error).toBeInstanceOf(ServiceUnreachableError);
    expect(calls).toBe(1);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('Test API is unreachable: no such host api.example.invalid (DNS: ENOTFOUND)');
  });

  it("tells the call's own onRetry, besides the client's, before each retry", async () => {
    let calls = 0;
    const client = clientWith(() => {
      calls++;
      return Promise.resolve(new Response('busy', { status: calls === 1 ? 503 : 200 }));
    });
    const notices: RetryNotice[] = [];
    const response = await client.send({ url: 'http://127.0.0.1:9/x' }, { onRetry: (notice) => notices.push(notice) });
    expect(response.status).toBe(200);
    expect(notices).toEqual([
      expect.objectContaining({
        service: 'Test API',
        retry: 1,
        reason: expect.stringMatching(/answered 503/) as unknown,
      }),
    ]);
  });

  it('still retries other network failures, which may be transient', async () => {
    let calls = 0;
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const client = clientWith(() => {
      calls++;
      return calls === 1
        ? Promise.reject(new TypeError('fetch failed', { cause: reset }))
        : Promise.resolve(new Response('ok'));
    });
    expect((await client.send({ url: 'http://127.0.0.1:9/x' })).status).toBe(200);
    expect(calls).toBe(2);
  });
});
