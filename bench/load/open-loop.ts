/** What one open-loop load produced. Latencies are of successful operations only, in milliseconds. */
export interface LoadResult {
  sent: number;
  errors: number;
  /** The first error, to say why a scenario failed (`HTTP 429 …`, `ECONNRESET`…). */
  firstError: string | null;
  latencies: number[];
  /** Successful operations per second over the measured window. */
  achievedPerSecond: number;
}

/** An operation under load: resolves on success, throws (with a message worth printing) on failure. */
export type LoadOperation = () => Promise<unknown>;

/**
 * Open-loop load at a fixed rate: operation i is due at start + i/rate whatever happened to the ones before it, as
 * independent clients would send it, and its latency is measured from that due time. A closed loop (send, await,
 * send) slows down with the server and hides its queueing ("coordinated omission"); this does not.
 * `warmupMs` of load first, not recorded: JIT, connection pools, prepared statements.
 */
export async function runOpenLoop(
  operation: LoadOperation,
  ratePerSecond: number,
  durationMs: number,
  warmupMs: number,
): Promise<LoadResult> {
  if (warmupMs > 0) await runWindow(operation, ratePerSecond, warmupMs);
  return runWindow(operation, ratePerSecond, durationMs);
}

async function runWindow(operation: LoadOperation, ratePerSecond: number, durationMs: number): Promise<LoadResult> {
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const intervalMs = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    // Everything due by now goes out at once: a late timer must not lower the rate.
    const now = performance.now();
    while (sent < total && start + sent * intervalMs <= now) {
      const due = start + sent * intervalMs;
      const done = operation().then(
        () => {
          latencies.push(performance.now() - due);
        },
        (error: unknown) => {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      );
      inFlight.add(done);
      void done.finally(() => inFlight.delete(done));
      sent++;
    }
    const wait = start + sent * intervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  const elapsedSeconds = Math.max(durationMs, performance.now() - start) / 1000;
  return { sent, errors, firstError, latencies, achievedPerSecond: latencies.length / elapsedSeconds };
}
