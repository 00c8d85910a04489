import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed when the answer is JSON, else the text. */
  body: unknown;
  ms: number;
}

export interface RawRequest {
  method: string;
  /** Sent exactly as given: no normalisation of `..`, `%2e%2e` or `//` (fetch would normalise them). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One HTTP request to `base` (`http://127.0.0.1:PORT`) with the path, headers and body bytes exactly as given. */
export function rawRequest(base: string, spec: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const startedAt = performance.now();
  const headers = { ...spec.headers };
  // Node sends a DELETE's body without a length or chunking otherwise: the server would read it as the next request.
  if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { agent, host: hostname, port, method: spec.method, path: spec.path, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if ((incoming.headers['content-type'] ?? '').includes('json') && text) {
            try {
              body = JSON.parse(text);
            } catch (_notJson) {
              body = text;
            }
          }
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body,
            ms: performance.now() - startedAt,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(spec.body);
  });
}

/** Closes the kept-alive sockets (at the end of a test file). */
export function closeRawAgent(): void {
  agent.destroy();
}
