/*
 * The HTTP client of the load benchmark, in its own thread: the gateway under test runs on the main thread, and
 * a client sharing its event loop would send late whenever the server is busy, and time the server's work as
 * its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runOpenLoop } from './open-loop';
import type { HttpLoadSpec } from './http-load';

/** fetch says only "fetch failed"; the reason (ECONNRESET, EMFILE, a timeout…) is its cause. */
function withCause(error: unknown): Error {
  if (!(error instanceof Error) || !(error.cause instanceof Error))
    return error instanceof Error ? error : new Error(String(error));
  const code = (error.cause as NodeJS.ErrnoException).code;
  return new Error(`${error.message}: ${code ? `${code} ` : ''}${error.cause.message}`);
}

async function send(spec: HttpLoadSpec): Promise<void> {
  const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body }).catch(
    (error: unknown) => {
      throw withCause(error);
    },
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
}

const spec = workerData as HttpLoadSpec;
// A rejection is unhandled here, which ends the thread with an 'error' event: runHttpLoad rejects with it.
void runOpenLoop(() => send(spec), spec.ratePerSecond, spec.durationMs, spec.warmupMs).then((result) => {
  parentPort?.postMessage(result);
});
