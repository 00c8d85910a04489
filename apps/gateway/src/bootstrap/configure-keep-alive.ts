import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * How long an idle keep-alive connection stays open. Node's 5 s default is shorter than what clients and proxies
 * keep theirs (load balancers 60 s, a busy client's own 4 s timer firing late): the server then closes a socket
 * at the moment the client sends on it, and the client gets ECONNRESET (a load balancer answers 502). The server
 * must outlive its clients' idle timeouts, not the reverse.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Applies the keep-alive timeout to the gateway's HTTP server (headers may take a little longer than it). */
export function configureKeepAlive(app: NestExpressApplication): void {
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
}
