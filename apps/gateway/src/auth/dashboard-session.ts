import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The dashboard's session: the API token typed once at sign-in (`POST /api/session`) lives in this HttpOnly,
 * SameSite=Strict cookie, so that no script of the page (nor an injected one) can read it and it never sits in a
 * URL. Path `/` because both the REST API and socket.io's `/socket.io` need it.
 */
export const SESSION_COOKIE = 'relais_session';

/**
 * A request authenticated by the session cookie must also carry this header (any value but empty). A cross-site
 * page can make a browser send a cookie (a form post, an image) but not a custom header: that needs a CORS
 * preflight, and CORS_ORIGINS never allows this header. SameSite=Strict already keeps the cookie off cross-site
 * requests; the header also covers same-site attackers (another app on a sibling subdomain) and old browsers.
 */
export const SESSION_HEADER = 'x-relais-session';

/** The session cookie's value in a Cookie header; null without one (or a malformed one). */
export function cookieValue(header: string | undefined, name: string): string | null {
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

/** The token a request carries in the session cookie, counted only with the anti-CSRF header. */
export function sessionToken(request: IncomingMessage): string | null {
  const marker = request.headers[SESSION_HEADER];
  if (typeof marker !== 'string' || marker === '') return null;
  const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
  return token === null || token === '' || token.length > 512 ? null : token;
}

/** The Set-Cookie value that opens a session for `token` (ends with the browser session). */
export function sessionCookie(token: string, request: IncomingMessage): string {
  // Secure only over TLS terminated here: a browser drops Secure cookies set over plain HTTP (except localhost).
  const secure = (request.socket as Partial<TLSSocket>).encrypted === true ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}

/** The Set-Cookie value that ends the session. */
export const CLEARED_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`;
