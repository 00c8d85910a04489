/**
 * The header that makes a cookie-authenticated request count (apps/gateway/src/auth/dashboard-session.ts): a page
 * of another site cannot add it, so the session cookie alone never authorises anything.
 */
export const SESSION_HEADER = 'X-Relais-Session';

/** What every API call sends besides its body. */
export const API_HEADERS: Readonly<Record<string, string>> = { Accept: 'application/json', [SESSION_HEADER]: '1' };

/** A request started early is used only by a page that asks for it soon after (otherwise it is read again). */
const FRESH_MS = 10_000;

const early = new Map<string, { response: Promise<Response>; at: number }>();

/**
 * Starts GET `path` now, before the app's script has run (first-requests.ts, the page's first module): the answer
 * arrives while the browser is still parsing and running the app, instead of after its first render.
 */
export function startEarly(path: string): void {
  early.set(path, {
    response: fetch(path, { headers: API_HEADERS, credentials: 'same-origin' }),
    at: performance.now(),
  });
}

/** The early answer for GET `path`, once (a later call for the same path goes to the network again). */
export function takeEarly(path: string): Promise<Response> | undefined {
  const started = early.get(path);
  if (!started) return undefined;
  early.delete(path);
  return performance.now() - started.at <= FRESH_MS ? started.response : undefined;
}

/** Drops every early answer not taken yet (they belong to the session the page was opened with). */
export function forgetEarly(): void {
  early.clear();
}
