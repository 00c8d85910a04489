import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TokenRole } from '@relais/contracts';
import { bearerCredential } from './bearer-credential';
import { cookieValue, SESSION_COOKIE } from './dashboard-session';
import { PRINCIPAL } from './current-principal.decorator';
import { hasRole, missingRoleMessage, type Principal } from './principal';
import { BEARER_CHALLENGE, UNAUTHENTICATED_MESSAGES } from './request-authenticator';
import type { TokenVerifier } from './token.verifier';

export interface BrowserTokenAccessOptions {
  verifier: TokenVerifier;
  /** The weakest role allowed in. */
  role: TokenRole;
  /** What the pages are, for error messages ("Bull Board"). */
  resource: string;
  /** The page a browser opens with ?token= to sign in ("/admin/queues"). */
  entryPath: string;
  /** The cookie that carries the token, sent only under `cookiePath` (also the only paths a sign-in redirects to). */
  cookieName: string;
  cookiePath: string;
}

type PageRequest = IncomingMessage & { originalUrl?: string; ip?: string; [PRINCIPAL]?: Principal };
type Next = (error?: unknown) => void;

/**
 * Token access to pages a browser opens (Bull Board, the Swagger UI), which are Express middleware and routes
 * outside Nest's controllers (so the API's guards never see them). A browser cannot add an Authorization header
 * to a page, so besides `Authorization: Bearer` the token is accepted from a cookie, set by visiting
 * `<entryPath>?token=<token>` once: the token is checked, stored in an HttpOnly, SameSite=Strict session cookie
 * limited to `cookiePath`, and the browser is redirected to the same URL without the token (so it does not stay
 * in the address bar or the history). Without a valid token: 401; with a token below `role`: 403. The requests
 * were already counted against their client's rate limit (clientRateLimit runs before any route). The REST API
 * never reads this cookie; it reads only the dashboard's session cookie, and only with the dashboard's anti-CSRF
 * header (dashboard-session.ts).
 */
export function browserTokenAccess(
  options: BrowserTokenAccessOptions,
): (request: PageRequest, response: ServerResponse, next: Next) => void {
  const { cookieName, cookiePath } = options;
  const check = async (request: PageRequest, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://relais.invalid');
    const fromQuery = url.searchParams.get('token');
    const header = bearerCredential(request.headers.authorization);
    // The dashboard's session cookie opens these pages too (its links to Bull Board and the API docs): a page view
    // cannot carry the dashboard's anti-CSRF header, but SameSite=Strict keeps the cookie off cross-site
    // requests, exactly as it does for this page's own cookie.
    const fromCookie =
      header.kind === 'missing'
        ? (cookieValue(request.headers.cookie, cookieName) ?? cookieValue(request.headers.cookie, SESSION_COOKIE))
        : null;
    const token = fromQuery ?? (header.kind === 'token' ? header.token : fromCookie);
    const principal = token === null ? null : await options.verifier.verify(token);

    if (token === null) {
      reject(
        response,
        401,
        header.kind === 'malformed'
          ? UNAUTHENTICATED_MESSAGES.malformed
          : `${options.resource} needs ${withArticle(options.role)} token: open ${options.entryPath}?token=<token> once, ` +
              'or send "Authorization: Bearer <token>"',
      );
      return false;
    }
    if (
      !principal &&
      fromQuery === null &&
      token === fromCookie &&
      token === cookieValue(request.headers.cookie, cookieName)
    ) {
      // A revoked token in the cookie: drop it so the browser stops sending it.
      response.setHeader('Set-Cookie', `${cookieName}=; Path=${cookiePath}; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    if (!allowed(principal, options, response)) return false;
    request[PRINCIPAL] = principal;
    if (fromQuery !== null) {
      url.searchParams.delete('token');
      response.statusCode = 303;
      response.setHeader('Set-Cookie', sessionCookie(options, fromQuery, request));
      response.setHeader('Location', signedInLocation(url, options));
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

/**
 * Where a sign-in redirects: the page asked for, if it lies under `cookiePath`, else `entryPath`. The path comes
 * from the request only after URL normalisation (`/api/docs/../..//evil.example/x` is `//evil.example/x`, which a
 * browser reads as another host: an open redirect carrying a fresh cookie), and only within the pages this
 * middleware guards; the query string is re-encoded by URL.
 */
function signedInLocation(url: URL, options: BrowserTokenAccessOptions): string {
  const base = options.cookiePath.replace(/\/+$/, '');
  const within = url.pathname === base || url.pathname.startsWith(`${base}/`);
  return (within ? url.pathname : options.entryPath) + url.search;
}

function allowed(
  principal: Principal | null,
  options: BrowserTokenAccessOptions,
  response: ServerResponse,
): principal is Principal {
  if (!principal) {
    reject(response, 401, UNAUTHENTICATED_MESSAGES.unknown);
    return false;
  }
  if (!hasRole(principal, options.role)) {
    reject(response, 403, missingRoleMessage(options.resource, options.role, principal));
    return false;
  }
  return true;
}

function withArticle(role: TokenRole): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

function reject(response: ServerResponse, statusCode: 401 | 403, message: string): void {
  if (statusCode === 401) response.setHeader('WWW-Authenticate', BEARER_CHALLENGE);
  reply(response, statusCode, statusCode === 401 ? 'Unauthorized' : 'Forbidden', message);
}

/** An ApiError body, like the API's. */
function reply(response: ServerResponse, statusCode: number, error: string, message: string): void {
  response.statusCode = statusCode;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify({ statusCode, error, message }));
}

function sessionCookie(options: BrowserTokenAccessOptions, token: string, request: IncomingMessage): string {
  // Secure only over TLS terminated here: a browser drops Secure cookies set over plain HTTP (except localhost).
  const secure = (request.socket as Partial<TLSSocket>).encrypted === true ? '; Secure' : '';
  // A session cookie: it ends with the browser session rather than outliving it on disk.
  return `${options.cookieName}=${encodeURIComponent(token)}; Path=${options.cookiePath}; HttpOnly; SameSite=Strict${secure}`;
}
