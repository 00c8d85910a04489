import type { ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientTracker, RATE_LIMIT_WINDOW_MS, rateLimitMessage } from './client-rate-limit';
import type { RequestAuthenticator } from './request-authenticator';

export interface ClientRateLimitOptions {
  authenticator: RequestAuthenticator;
  /** Counters shared by every replica (RedisThrottlerStorage). */
  storage: ThrottlerStorage;
  limitPerMinute: number;
  /** GET/HEAD paths never counted: the health probes, which must answer even when a client misbehaves. */
  unmeteredPaths: readonly string[];
}

type MeteredRequest = IncomingMessage & { ip?: string; path?: string };

/**
 * One budget per client across every HTTP request the gateway receives, counted before anything else is done
 * for the request: before its body is read and parsed, before routing (a 404 costs the same as a route), before
 * Bull Board and the API documentation. Nest's ThrottlerGuard ran after all of these, so malformed JSON and
 * unknown paths were never limited (issue 10). A client is its token when the request carries a valid one (the
 * authentication is made once and shared with the access guard), else its IP address. Every answer carries
 * `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds); over the limit, `429` with `Retry-After`.
 */
export function clientRateLimit(
  options: ClientRateLimitOptions,
): (request: MeteredRequest, response: ServerResponse, next: (error?: unknown) => void) => void {
  const unmetered = new Set(options.unmeteredPaths);
  const limit = options.limitPerMinute;
  const meter = async (request: MeteredRequest, response: ServerResponse): Promise<boolean> => {
    if ((request.method === 'GET' || request.method === 'HEAD') && unmetered.has(request.path ?? '')) return true;
    const principal = await options.authenticator.principalOf(request).catch(() => null);
    const record = await options.storage.increment(
      // Express's request.ip honours TRUST_PROXY.
      clientTracker(principal, request.ip ?? request.socket.remoteAddress),
      RATE_LIMIT_WINDOW_MS,
      limit,
      RATE_LIMIT_WINDOW_MS,
      'default',
    );
    response.setHeader('X-RateLimit-Limit', String(limit));
    response.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - record.totalHits)));
    response.setHeader('X-RateLimit-Reset', String(record.timeToExpire));
    if (!record.isBlocked) return true;
    response.statusCode = 429;
    response.setHeader('Retry-After', String(record.timeToBlockExpire));
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    const message = rateLimitMessage(limit, record.timeToBlockExpire);
    // `error` is also what the seed-compatible routes' callers read.
    response.end(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message }));
    return false;
  };
  return (request, response, next) => {
    meter(request, response).then(
      (proceed) => {
        if (proceed) next();
      },
      (error: unknown) => {
        next(error);
      },
    );
  };
}
