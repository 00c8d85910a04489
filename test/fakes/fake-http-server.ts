import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** The User-Agent the tests' clients send to the fakes (Wikimedia's policy asks for one with a contact). */
export const TEST_USER_AGENT = 'RelaisTest/0.1 (https://relais.invalid; tests@relais.invalid)';

/** What a fake received: enough for a test to assert on the wire format the client used. */
export interface RecordedRequest {
  method: string;
  /** Path and query string as sent. */
  url: string;
  path: string;
  query: Partial<Record<string, string>>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Fields of an application/x-www-form-urlencoded body (empty otherwise). */
  form: Partial<Record<string, string>>;
  receivedAt: number;
}

/** A scripted failure answered instead of the real response. */
export interface InjectedFailure {
  status: number;
  /** Sent as the Retry-After header (seconds or an HTTP date). */
  retryAfter?: string | number;
  body?: string;
  contentType?: string;
  /** Only requests this accepts get the failure (default: the next requests, whatever they are). */
  when?: (request: RecordedRequest) => boolean;
}

/**
 * Base of the fake external servers: a node:http server on a free port that records every request, counts
 * requests in flight, and can fail, hang or be down on demand. Subclasses answer in their service's wire format.
 */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Milliseconds every answer is held back (to make concurrency observable). */
  responseDelayMs = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly failures: InjectedFailure[] = [];
  private hangs = 0;
  private down = false;
  private inFlightNow = 0;
  private inFlightMax = 0;
  private baseUrl = '';

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    const server = createServer((request, response) => void this.dispatch(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Closes the server and every open connection (hung requests included). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  /** http://127.0.0.1:PORT (no trailing slash). */
  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrl;
  }

  /** The next `count` requests get `status` (with Retry-After when given) instead of their answer. */
  failNext(count: number, status: number, options: Omit<InjectedFailure, 'status'> = {}): void {
    for (let i = 0; i < count; i += 1) this.failures.push({ status, ...options });
  }

  /** The next `count` requests are never answered (until stop()): for timeout tests. */
  hangNext(count: number): void {
    this.hangs += count;
  }

  /** While down, every connection is destroyed without an answer (a crashed or unreachable service). */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Highest number of requests handled at the same time since start or reset(). */
  get maxInFlight(): number {
    return this.inFlightMax;
  }

  /** Forgets recorded requests, the in-flight maximum and pending injected failures. */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.hangs = 0;
    this.inFlightMax = this.inFlightNow;
  }

  /** Recorded requests whose path ends with `suffix`. */
  requestsTo(suffix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path.endsWith(suffix));
  }

  /** Answers one recorded request; the response is written by the subclass. */
  protected abstract handle(request: RecordedRequest, response: ServerResponse): Promise<void> | void;

  /** Answers 404 Not found, for a path the service does not serve. */
  protected sendNotFound(response: ServerResponse): void {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found');
  }

  /** Writes a JSON answer. */
  protected sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    response.end(text);
  }

  private async dispatch(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.down) {
      incoming.socket.destroy();
      return;
    }
    this.inFlightNow += 1;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlightNow);
    try {
      const recorded = await record(incoming);
      this.requests.push(recorded);
      if (this.hangs > 0) {
        this.hangs -= 1;
        return; // left open on purpose: stop() destroys the socket
      }
      if (this.responseDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.responseDelayMs));
      const index = this.failures.findIndex((candidate) => !candidate.when || candidate.when(recorded));
      const failure = index >= 0 ? this.failures.splice(index, 1)[0] : undefined;
      if (failure) {
        const headers: Record<string, string> = { 'content-type': failure.contentType ?? 'text/plain; charset=UTF-8' };
        if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
        response.writeHead(failure.status, headers);
        response.end(failure.body ?? `Injected failure ${failure.status}`);
        return;
      }
      await this.handle(recorded, response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8' });
      response.end(`Fake ${this.constructor.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inFlightNow -= 1;
    }
  }
}

async function record(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const parsed = new URL(incoming.url ?? '/', 'http://fake.invalid');
  const contentType = incoming.headers['content-type'] ?? '';
  const form = contentType.startsWith('application/x-www-form-urlencoded')
    ? Object.fromEntries(new URLSearchParams(body.toString('utf8')))
    : {};
  return {
    method: incoming.method ?? 'GET',
    url: incoming.url ?? '/',
    path: decodeURIComponent(parsed.pathname),
    query: Object.fromEntries(parsed.searchParams),
    headers: incoming.headers,
    body,
    form,
    receivedAt: Date.now(),
  };
}
