/** What a caller may pass to every client call: a signal that aborts the request and its retries. */
export interface RequestContext {
  signal?: AbortSignal;
}
