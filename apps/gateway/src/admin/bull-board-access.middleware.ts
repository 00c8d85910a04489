import type { ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { bearerCredential } from '../auth/bearer-credential';
import { clientTracker, RATE_LIMIT_WINDOW_MS, rateLimitMessage } from '../auth/client-rate-limit';
import { PRINCIPAL } from '../auth/current-principal.decorator';
import { hasRole, type Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';

/** The cookie that carries the token for Bull Board's pages and their API calls. */
export const BOARD_COOKIE = 'relais_board_token';
/** Bull Board lives under /admin; the cookie is sent nowhere else. */
const COOKIE_PATH = '/admin';

export interface BoardAccessOptions {
  verifier: TokenVerifier;
  /** The API's rate-limit storage: a client's Bull Board requests count against its one budget. */
  rateLimitStorage: ThrottlerStorage;
  rateLimitPerMinute: number;
}

type BoardRequest = IncomingMessage & { originalUrl?: string; [PRINCIPAL]?: Principal };
type Next = (error?: unknown) => void;

/**
 * Admin-only access to Bull Board, which Nest mounts as Express middleware (so the API's guards never see it).
 * A browser cannot add an Authorization header to a page, so besides `Authorization: Bearer` the token is
 * accepted from a cookie, set by visiting `/admin/queues?token=<token>` once: the token is checked, stored in an
 * HttpOnly, SameSite=Strict session cookie limited to /admin, and the browser is redirected to the same URL
 * without the token (so it does not stay in the address bar or the history). Without a valid token: 401; with a
 * token below admin: 403; over the client's rate limit: 429.
 */
export function bullBoardAccess(
  options: BoardAccessOptions,
): (request: BoardRequest, response: ServerResponse, next: Next) => void {
  const check = async (request: BoardRequest, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://relais.invalid');
    const fromQuery = url.searchParams.get('token');
    const header = bearerCredential(request.headers.authorization);
    const fromCookie = header.kind === 'missing' ? cookieValue(request.headers.cookie, BOARD_COOKIE) : null;
    const token = fromQuery ?? (header.kind === 'token' ? header.token : fromCookie);
    const principal = token === null ? null : await options.verifier.verify(token);
    if (!(await withinRateLimit(options, principal, request, response))) return false;

    if (token === null) {
      reject(
        response,
        401,
        header.kind === 'malformed'
          ? 'Malformed Authorization header: expected "Bearer <token>"'
          : 'Bull Board needs an admin token: open /admin/queues?token=<token> once, or send "Authorization: Bearer <token>"',
      );
      return false;
    }
    if (!principal && fromQuery === null && token === fromCookie) {
      // A revoked token in the cookie: drop it so the browser stops sending it.
      response.setHeader('Set-Cookie', `${BOARD_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    if (!allowed(principal, response)) return false;
    request[PRINCIPAL] = principal;
    if (fromQuery !== null) {
      url.searchParams.delete('token');
      response.statusCode = 303;
      response.setHeader('Set-Cookie', boardCookie(fromQuery, request));
      response.setHeader('Location', url.pathname + url.search);
      response.setHeader('Cache-Control', 'no-store');
      response.end();
      return false;
    }
    return true;
  };

  return (request, response, next) => {
    check(request, response).then(
      (proceed) => {
        if (proceed) next();
      },
      (error: unknown) => {
        next(error);
      },
    );
  };
}

async function withinRateLimit(
  options: BoardAccessOptions,
  principal: Principal | null,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const record = await options.rateLimitStorage.increment(
    clientTracker(principal, request.socket.remoteAddress),
    RATE_LIMIT_WINDOW_MS,
    options.rateLimitPerMinute,
    RATE_LIMIT_WINDOW_MS,
    'default',
  );
  if (!record.isBlocked) return true;
  response.setHeader('Retry-After', String(record.timeToBlockExpire));
  reply(response, 429, 'Too Many Requests', rateLimitMessage(options.rateLimitPerMinute, record.timeToBlockExpire));
  return false;
}

function allowed(principal: Principal | null, response: ServerResponse): principal is Principal {
  if (!principal) {
    reject(response, 401, 'Unknown or revoked API token');
    return false;
  }
  if (!hasRole(principal, 'admin')) {
    reject(response, 403, `Bull Board needs the admin role; token "${principal.name}" has the ${principal.role} role`);
    return false;
  }
  return true;
}

function reject(response: ServerResponse, statusCode: 401 | 403, message: string): void {
  if (statusCode === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="relais"');
  reply(response, statusCode, statusCode === 401 ? 'Unauthorized' : 'Forbidden', message);
}

/** An ApiError body, like the API's. */
function reply(response: ServerResponse, statusCode: number, error: string, message: string): void {
  response.statusCode = statusCode;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify({ statusCode, error, message }));
}

function boardCookie(token: string, request: IncomingMessage): string {
  // Secure only over TLS terminated here: a browser drops Secure cookies set over plain HTTP (except localhost).
  const secure = (request.socket as Partial<TLSSocket>).encrypted === true ? '; Secure' : '';
  // A session cookie: it ends with the browser session rather than outliving it on disk.
  return `${BOARD_COOKIE}=${encodeURIComponent(token)}; Path=${COOKIE_PATH}; HttpOnly; SameSite=Strict${secure}`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      try {
        return decodeURIComponent(part.slice(separator + 1).trim());
      } catch (_malformed) {
        return null;
      }
    }
  }
  return null;
}
