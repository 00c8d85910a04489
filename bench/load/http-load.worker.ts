/*
 * The HTTP client of the load benchmark, in its own thread: the gateway under test runs on the main thread, and
 * a client sharing its event loop would send late whenever the server is busy, and time the server's work as
 * its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runOpenLoop } from './open-loop';
import type { HttpLoadSpec } from './http-load';

async function send(spec: HttpLoadSpec): Promise<void> {
  const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
}

const spec = workerData as HttpLoadSpec;
// A rejection is unhandled here, which ends the thread with an 'error' event: runHttpLoad rejects with it.
void runOpenLoop(() => send(spec), spec.ratePerSecond, spec.durationMs, spec.warmupMs).then((result) => {
  parentPort?.postMessage(result);
});
