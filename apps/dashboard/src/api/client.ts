import { API_HEADERS, SESSION_HEADER, takeEarly } from './early-requests';
import type { ApiErrorBody } from './types';

export { SESSION_HEADER };

/** An API call that did not succeed: `status` 0 when the gateway could not be reached at all. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }

  /** What the person should do next, for the messages the dashboard shows. */
  get advice(): string {
    if (this.status === 0) return 'The gateway is unreachable: check that it runs (npm start) and reload.';
    if (this.status === 401) return 'Your session has ended or the token was revoked: sign in again.';
    if (this.status === 403) return 'Your token’s role does not allow this: ask an admin for an operator token.';
    if (this.status === 429) return 'Too many requests: wait a minute and try again.';
    if (this.status === 503) return 'A service behind the gateway is away (Redis or the database): retry shortly.';
    if (this.status === 400) return 'The request was refused: fix the fields named below.';
    return '';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Listeners told when the gateway answers 401: the session is gone, the app shows the sign-in page. */
const unauthorisedListeners = new Set<() => void>();

export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

/** Calls the gateway's REST API with the session cookie; JSON in, JSON out, errors as ApiRequestError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...API_HEADERS };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return send<T>(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

/**
 * Posts a multipart form (files) with the session cookie and its header; the browser sets the Content-Type and
 * its boundary. JSON out, errors as ApiRequestError, as `api`.
 */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return send<T>(path, { method: 'POST', headers: { ...API_HEADERS }, body: form });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    // A GET the page's first module already started (first-requests.ts) is not sent twice.
    const early = init.method === 'GET' ? takeEarly(path) : undefined;
    response = await (early ?? fetch(path, { ...init, credentials: 'same-origin' }));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'The gateway is unreachable');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch (_notJson) {
    parsed = null;
  }
  if (!response.ok) {
    const body = (parsed ?? {}) as Partial<ApiErrorBody>;
    if (response.status === 401 && path !== '/api/session') for (const listener of unauthorisedListeners) listener();
    throw new ApiRequestError(
      response.status,
      typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`,
      body.fields ?? {},
    );
  }
  return parsed as T;
}
