import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { bearerCredential } from '../auth/bearer-credential';
import { PRINCIPAL } from '../auth/current-principal.decorator';
import { hasRole, type Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/token-verifier';

/** The cookie that carries the token for Bull Board's pages and their API calls. */
export const BOARD_COOKIE = 'relais_board_token';
/** Bull Board lives under /admin; the cookie is sent nowhere else. */
const COOKIE_PATH = '/admin';

type BoardRequest = IncomingMessage & { originalUrl?: string; [PRINCIPAL]?: Principal };
type Next = (error?: unknown) => void;

/**
 * Admin-only access to Bull Board. A browser cannot add an Authorization header to a page, so besides
 * `Authorization: Bearer` the token is accepted from a cookie, set by visiting `/admin/queues?token=<token>`
 * once: the token is checked, stored in an HttpOnly, SameSite=Strict cookie limited to /admin, and the browser
 * is redirected to the same URL without the token (so it does not stay in the address bar or history).
 * Without a valid token: 401; with a token below admin: 403.
 */
export function bullBoardAccess(
  verifier: TokenVerifier,
): (request: BoardRequest, response: ServerResponse, next: Next) => void {
  const check = async (request: BoardRequest, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://relais.invalid');
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null) {
      const principal = await verifier.verify(fromQuery);
      if (!allowed(principal, response)) return false;
      request[PRINCIPAL] = principal;
      url.searchParams.delete('token');
      response.statusCode = 303;
      response.setHeader('Set-Cookie', boardCookie(fromQuery, request));
      response.setHeader('Location', url.pathname + url.search);
      response.setHeader('Cache-Control', 'no-store');
      response.end();
      return false;
    }

    const header = bearerCredential(request.headers.authorization);
    const fromCookie = cookieValue(request.headers.cookie, BOARD_COOKIE);
    const token = header.kind === 'token' ? header.token : fromCookie;
    if (header.kind === 'malformed' || token === null) {
      reject(
        response,
        401,
        'Bull Board needs an admin token: open /admin/queues?token=<token> once, or send "Authorization: Bearer <token>"',
      );
      return false;
    }
    const principal = await verifier.verify(token);
    if (!principal && header.kind !== 'token') {
      // A revoked token in the cookie: drop it so the browser stops sending it.
      response.setHeader('Set-Cookie', `${BOARD_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    if (!allowed(principal, response)) return false;
    request[PRINCIPAL] = principal;
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
  const error = statusCode === 401 ? 'Unauthorized' : 'Forbidden';
  response.statusCode = statusCode;
  if (statusCode === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="relais"');
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
