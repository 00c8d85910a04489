/** A probe gave up waiting: the dependency may be up but is too slow to count as healthy. */
export class ProbeTimeout extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'ProbeTimeout';
  }
}

/**
 * Settles like `work`, or rejects with ProbeTimeout after `timeoutMs`, or with the signal's reason when the run
 * is cancelled. `work` itself is not stopped (a Redis command or a SQL query cannot be taken back); its late
 * outcome is ignored, and Promise.race has already attached a handler, so a late rejection is not unhandled.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  what: string,
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ProbeTimeout(what, timeoutMs));
    }, timeoutMs);
    if (signal) {
      onAbort = () => {
        reject(signal.reason instanceof Error ? signal.reason : new Error(`${what}: aborted`));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** Whole milliseconds since `started` (a `performance.now()` reading). */
export function elapsedMsSince(started: number): number {
  return Math.round(performance.now() - started);
}
