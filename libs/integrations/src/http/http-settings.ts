/** How one client talks HTTP: timeout per attempt, retries, identification. */
export interface HttpSettings {
  /** Name of the remote service, used in error messages ("Wikidata Query Service returned 503"). */
  service: string;
  userAgent: string;
  timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx and network errors (0 = a single attempt). */
  maxRetries: number;
  /** First backoff delay; doubled on each retry, with jitter. */
  baseDelayMs?: number;
  /** Ceiling of a computed backoff delay. */
  maxDelayMs?: number;
  /** Ceiling of a server's Retry-After: a longer wait fails the call instead of stalling a run for hours. */
  maxRetryAfterMs?: number;
  /** Told before each retry (for logs: "Wikidata Query Service answered 429, retrying in 5 s"). */
  onRetry?: (notice: RetryNotice) => void;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
}

/** What a retry hook is told before the client waits. */
export interface RetryNotice {
  service: string;
  url: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  reason: string;
}

/** The HTTP settings of a client's options: each client names its service(s) itself. */
export type ClientHttpOptions = Omit<HttpSettings, 'service'>;

/**
 * The settings of one service's HttpClient, picked field by field from a client's options: the client's URLs
 * and credentials stay out of the HTTP layer (its settings end up in logs and error reports).
 */
export function httpSettingsOf(service: string, options: ClientHttpOptions): HttpSettings {
  return {
    service,
    userAgent: options.userAgent,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs,
    onRetry: options.onRetry,
    fetch: options.fetch,
  };
}
