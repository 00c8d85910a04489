import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Chroma's record writes in its v2 API: POST …/collections/{id}/(add|upsert|update|delete). */
const WRITE = /\/collections\/[^/]+\/(add|upsert|update|delete)$/;

/**
 * An HTTP proxy in front of Chroma that counts the record writes going through it: how the benchmark sees,
 * from outside the worker process, that a re-run of an unchanged folder writes nothing.
 */
export class CountingProxy {
  writes = 0;
  requests = 0;
  private server: Server | null = null;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    const server = createServer((incoming, outgoing) => {
      this.requests++;
      const path = (incoming.url ?? '/').split('?', 1)[0];
      if (incoming.method === 'POST' && WRITE.test(path)) this.writes++;
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => {
        outgoing.statusCode = 502;
        outgoing.end(String(error));
      });
      incoming.pipe(forwarded);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.writes = 0;
    this.requests = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
