import { backoffDelay, sleep } from './backoff';
import { HttpSettings } from './http-settings';
import {
  HttpStatusError,
  HttpTimeoutError,
  IntegrationError,
  RequestAbortedError,
  RetryAfterTooLongError,
  ServiceUnreachableError,
  UnexpectedResponseError,
} from './integration.errors';
import { redactedUrl } from './redacted-url';
import { RequestContext } from './request-context';
import { parseRetryAfter } from './retry-after';

/** One outgoing request. `body` is sent as-is (string, URLSearchParams, FormData, Buffer). */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData | Buffer;
  /** Statuses returned to the caller instead of thrown (e.g. 404 when "absent" is an answer). */
  acceptStatuses?: number[];
  /**
   * false for a request that must not be repeated once the server may have acted on it (a create): it is then
   * retried only on 429 and refused connections, where the server certainly did nothing. Default true.
   */
  retry?: boolean;
  /** Turns a final error response into the service's own error (WordPress {code, message}…); undefined = default. */
  mapError?: (response: HttpResponse) => IntegrationError | undefined;
}

/** A response read fully into memory. */
export interface HttpResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Headers;
  body: Buffer;
}

const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 120_000;

type AttemptOutcome =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'failure'; error: IntegrationError; retryable: boolean; retryAfterMs: number | null };

/** fetch with timeout, retries honouring Retry-After, a User-Agent and typed errors. */
export class HttpClient {
  constructor(readonly settings: HttpSettings) {}

  /** Sends the request, retrying 429/5xx/network errors; throws typed IntegrationErrors. */
  async send(request: HttpRequest, ctx: RequestContext = {}): Promise<HttpResponse> {
    const { service, maxRetries } = this.settings;
    const safeUrl = redactedUrl(request.url);
    for (let attempt = 0; ; attempt += 1) {
      if (ctx.signal?.aborted) throw new RequestAbortedError(service, safeUrl, ctx.signal.reason);
      const outcome = await this.attempt(request, safeUrl, ctx.signal);
      if (outcome.kind === 'response') return outcome.response;
      const { error, retryable, retryAfterMs } = outcome;
      if (!retryable || attempt >= maxRetries) {
        if (attempt > 0) error.message += ` (gave up after ${attempt + 1} attempts)`;
        throw error;
      }
      if (retryAfterMs !== null && retryAfterMs > this.maxRetryAfterMs) {
        throw new RetryAfterTooLongError(service, safeUrl, retryAfterMs, this.maxRetryAfterMs);
      }
      const delayMs = retryAfterMs ?? this.backoffMs(attempt);
      const notice = { service, url: safeUrl, retry: attempt + 1, delayMs, reason: error.message };
      this.settings.onRetry?.(notice);
      ctx.onRetry?.(notice);
      await this.pause(delayMs, safeUrl, ctx.signal);
    }
  }

  /** send() then parse the body as JSON. */
  // The caller states the shape of the JSON it expects, as with JSON.parse.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  async json<T>(request: HttpRequest, ctx: RequestContext = {}): Promise<{ data: T; response: HttpResponse }> {
    const response = await this.send({ ...request, headers: { accept: 'application/json', ...request.headers } }, ctx);
    return { data: parseJson<T>(this.settings.service, response), response };
  }

  /** The longest Retry-After this client waits for. */
  get maxRetryAfterMs(): number {
    return this.settings.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  }

  /** The computed wait before retry number `retry` (0-based) when the server named none. */
  backoffMs(retry: number): number {
    return backoffDelay(
      retry,
      this.settings.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
      this.settings.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    );
  }

  /** Waits `ms` before a retry; the caller's signal aborting turns into RequestAbortedError for `url`. */
  async pause(ms: number, url: string, signal?: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (reason) {
      throw new RequestAbortedError(this.settings.service, url, reason);
    }
  }

  private async attempt(
    request: HttpRequest,
    safeUrl: string,
    callerSignal: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    const { service, timeoutMs } = this.settings;
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeoutSignal, callerSignal]) : timeoutSignal;
    const doFetch = this.settings.fetch ?? fetch;
    let response: HttpResponse;
    try {
      const answer = await doFetch(request.url, {
        method: request.method ?? 'GET',
        headers: { 'user-agent': this.settings.userAgent, ...request.headers },
        body: request.body,
        redirect: 'follow',
        signal,
      });
      // Reading the body is still under the same signal: a server that stalls mid-body times out too.
      const body = Buffer.from(await answer.arrayBuffer());
      response = { status: answer.status, url: answer.url || request.url, headers: answer.headers, body };
    } catch (cause) {
      if (callerSignal?.aborted) throw new RequestAbortedError(service, safeUrl, callerSignal.reason);
      const mayRepeat = request.retry !== false;
      if (timeoutSignal.aborted) {
        return {
          kind: 'failure',
          error: new HttpTimeoutError(service, safeUrl, timeoutMs),
          retryable: mayRepeat,
          retryAfterMs: null,
        };
      }
      const error = new ServiceUnreachableError(service, safeUrl, cause);
      // A name that does not resolve will not resolve a second later: no retry here, nor by the run.
      return {
        kind: 'failure',
        error,
        retryable: error.retryable && (mayRepeat || isConnectionRefused(cause)),
        retryAfterMs: null,
      };
    }
    const status = response.status;
    if (status < 400 || request.acceptStatuses?.includes(status)) return { kind: 'response', response };
    const retryable = status === 429 || (status >= 500 && request.retry !== false);
    const error =
      request.mapError?.(response) ??
      new HttpStatusError(
        service,
        status,
        safeUrl,
        request.method ?? 'GET',
        excerpt(response.body),
        statusDetail(status),
      );
    return { kind: 'failure', error, retryable, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
  }
}

/** Parses a JSON body or throws UnexpectedResponseError quoting its beginning. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller states the expected shape
export function parseJson<T>(service: string, response: HttpResponse): T {
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch (_notJson) {
    throw new UnexpectedResponseError(
      service,
      `expected JSON from ${redactedUrl(response.url)}, got "${excerpt(response.body, 120)}"`,
    );
  }
}

/** The start of a body, on one line, for error messages. */
export function excerpt(body: Buffer, length = 500): string {
  const text = body
    .toString('utf8', 0, Math.min(body.length, length * 4))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

function statusDetail(status: number): string | undefined {
  if (status === 429) return 'too many requests';
  if (status === 401 || status === 403) return 'credentials refused';
  if (status === 404) return 'not found';
  if (status >= 500) return 'server error';
  return undefined;
}

function isConnectionRefused(cause: unknown): boolean {
  const inner = cause instanceof Error ? (cause.cause as { code?: unknown } | undefined) : undefined;
  return inner?.code === 'ECONNREFUSED';
}
