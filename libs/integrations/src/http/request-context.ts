import type { RetryNotice } from './http-settings';

/** What a caller may pass to every client call. */
export interface RequestContext {
  /** Aborts the request and its retries. */
  signal?: AbortSignal;
  /**
   * Told before each retry of this call, besides the client's own `onRetry` (a run's step passes one that writes
   * to the run's log).
   */
  onRetry?: (notice: RetryNotice) => void;
}
