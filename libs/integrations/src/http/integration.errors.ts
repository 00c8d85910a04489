import { RelaisError, type ErrorKind } from '@relais/contracts';

/**
 * Base of every error an integration client throws: says which service failed. Its kind is `upstream` (the
 * service, not the caller, is at fault); a subclass that means "no such thing" says `not_found`.
 */
export class IntegrationError extends RelaisError {
  readonly kind: ErrorKind = 'upstream';
  constructor(
    readonly service: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IntegrationError';
  }

  /** The service's URLs and answers are for the log: a caller learns which service failed, not how. */
  override get publicMessage(): string {
    return this.kind === 'upstream' ? `${this.service} did not answer as expected: try again later` : this.message;
  }
}

/** The service answered with a non-success HTTP status (after the retries it deserved). */
export class HttpStatusError extends IntegrationError {
  constructor(
    service: string,
    readonly status: number,
    /** The request URL without credentials or query-string secrets. */
    readonly url: string,
    readonly method: string,
    /** Up to 500 characters of the response body, for diagnosis. */
    readonly bodyExcerpt: string,
    detail?: string,
  ) {
    super(service, `${service} answered ${status} to ${method} ${url}${detail ? `: ${detail}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

/** No answer within the configured timeout. */
export class HttpTimeoutError extends IntegrationError {
  constructor(
    service: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(service, `${service} did not answer ${url} within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/**
 * The service could not be reached (DNS, refused connection, reset). A host name that does not resolve
 * (ENOTFOUND) is not `retryable`: neither the client nor the run engine tries it again, and the message names
 * the server only, since the path plays no part.
 */
export class ServiceUnreachableError extends IntegrationError {
  readonly retryable: boolean;
  constructor(
    service: string,
    readonly url: string,
    cause: unknown,
  ) {
    const notFound = causeCode(cause) === 'ENOTFOUND';
    const message = notFound
      ? `${service} is unreachable: no such host ${hostOf(url)} (DNS: ENOTFOUND)`
      : `${service} is unreachable at ${url}: ${describeCause(cause)}`;
    super(service, message, { cause });
    this.name = 'ServiceUnreachableError';
    this.retryable = !notFound;
  }
}

/** The service asked to wait (Retry-After) longer than the client accepts. */
export class RetryAfterTooLongError extends IntegrationError {
  constructor(
    service: string,
    readonly url: string,
    readonly retryAfterMs: number,
    readonly maxRetryAfterMs: number,
  ) {
    super(
      service,
      `${service} asked to retry ${url} after ${Math.ceil(retryAfterMs / 1000)} s, ` +
        `more than the ${Math.ceil(maxRetryAfterMs / 1000)} s this client waits`,
    );
    this.name = 'RetryAfterTooLongError';
  }
}

/** Credentials were refused (401/403, Piwigo "Access denied"). */
export class AuthenticationError extends IntegrationError {
  constructor(service: string, detail: string) {
    super(service, `${service} refused the credentials: ${detail}`);
    this.name = 'AuthenticationError';
  }
}

/** The answer could not be understood (not JSON, unexpected shape). */
export class UnexpectedResponseError extends IntegrationError {
  constructor(service: string, detail: string) {
    super(service, `${service} sent an unexpected response: ${detail}`);
    this.name = 'UnexpectedResponseError';
  }
}

/** The caller's signal aborted the call (run cancelled, worker shutting down). */
export class RequestAbortedError extends IntegrationError {
  constructor(service: string, url: string, reason: unknown) {
    super(service, `Request to ${service} (${url}) aborted: ${describeCause(reason)}`, { cause: reason });
    this.name = 'RequestAbortedError';
  }
}

/**
 * The error code of a failed fetch: on its own error, or on its cause (undici wraps the system error). Read by
 * shape, not `instanceof Error`: fetch's errors may come from another realm (Jest's sandbox, a worker thread).
 */
function causeCode(cause: unknown): unknown {
  const failure = cause as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
  return failure?.code ?? failure?.cause?.code;
}

/** The host name of a URL, or the text itself if it is not one. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch (_notAUrl) {
    return url;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${typeof code === 'string' ? `${code} ` : ''}${cause.message}${inner}`;
  }
  return String(cause);
}
