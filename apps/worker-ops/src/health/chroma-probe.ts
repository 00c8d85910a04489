import type { ChromaMeasurement } from './health-measurements';
import { describeFailure } from './probe-error';
import { elapsedMsSince } from './probe-timeout';

export interface ChromaProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * GETs Chroma's v2 heartbeat. No URL means Chroma is not part of this deployment: reported as not configured,
 * which costs nothing. Never throws but for a cancelled run.
 */
export async function probeChroma(
  url: string | undefined,
  options: ChromaProbeOptions = {},
): Promise<ChromaMeasurement> {
  if (!url) return { state: 'not-configured' };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const heartbeat = `${url.replace(/\/+$/, '')}/api/v2/heartbeat`;
  const started = performance.now();
  try {
    const response = await fetch(heartbeat, { signal, headers: { accept: 'application/json' } });
    // Read the body even when unused so that the connection goes back to the pool.
    const body = await response.text();
    if (!response.ok) {
      return {
        state: 'down',
        url,
        error: `HTTP ${response.status} from ${heartbeat}: ${body.slice(0, 200)}`,
        elapsedMs: elapsedMsSince(started),
      };
    }
    return { state: 'up', url, latencyMs: elapsedMsSince(started) };
  } catch (error) {
    options.signal?.throwIfAborted();
    const message = timeout.aborted ? `no answer from ${heartbeat} within ${timeoutMs} ms` : describeFailure(error);
    return { state: 'down', url, error: message, elapsedMs: elapsedMsSince(started) };
  }
}
