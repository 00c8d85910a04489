import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Chroma's record writes in its v2 API: POST …/collections/{id}/(add|upsert|update|delete). */
const WRITE = /\/collections\/[^/]+\/(add|upsert|update|delete)$/;

/**
 * An HTTP proxy in front of Chroma that counts the record writes going through it: how the benchmark sees,
 * from outside the worker process, that a re-run of an unchanged folder writes nothing. It also times how long
 * at least one write was in flight: the share of an ingestion Chroma spent writing, and the rest it waited.
 */
export class CountingProxy {
  writes = 0;
  requests = 0;
  /** Milliseconds during which at least one write was in flight. */
  writingMs = 0;
  private writesInFlight = 0;
  private writingSince = 0;
  private server: Server | null = null;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const target = new URL(this.target);
    const server = createServer((incoming, outgoing) => {
      this.requests++;
      const path = (incoming.url ?? '/').split('?', 1)[0];
      const isWrite = incoming.method === 'POST' && WRITE.test(path);
      if (isWrite) {
        this.writes++;
        if (this.writesInFlight++ === 0) this.writingSince = performance.now();
        outgoing.once('close', () => {
          if (--this.writesInFlight === 0) this.writingMs += performance.now() - this.writingSince;
        });
      }
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
    this.writingMs = 0;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
