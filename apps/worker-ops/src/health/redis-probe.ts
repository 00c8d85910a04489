import type { Redis } from 'ioredis';
import type { RedisMeasurement } from './health-measurements';
import { describeFailure } from './probe-error';
import { elapsedMsSince, withTimeout } from './probe-timeout';

export interface RedisProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The two commands the probe sends; any ioredis client (or cluster) has them. */
export type RedisPinger = Pick<Redis, 'ping' | 'info'>;

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * PINGs Redis and reads its memory use. A refused, closed or silent connection yields `down` within the timeout;
 * a client with an offline queue would otherwise wait for Redis for as long as it retries.
 */
export async function probeRedis(redis: RedisPinger, options: RedisProbeOptions = {}): Promise<RedisMeasurement> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  try {
    await withTimeout(redis.ping(), timeoutMs, 'Redis PING', options.signal);
  } catch (error) {
    options.signal?.throwIfAborted();
    return { state: 'down', error: describeFailure(error), elapsedMs: elapsedMsSince(started) };
  }
  const latencyMs = elapsedMsSince(started);

  try {
    const info = await withTimeout(redis.info('memory'), timeoutMs, 'Redis INFO memory', options.signal);
    return {
      state: 'up',
      latencyMs,
      usedMemoryBytes: infoNumber(info, 'used_memory'),
      maxMemoryBytes: infoNumber(info, 'maxmemory'),
      infoError: null,
    };
  } catch (error) {
    options.signal?.throwIfAborted();
    // PING answered, so Redis is up; only the memory figures are missing (INFO may be renamed or ACL-denied).
    return { state: 'up', latencyMs, usedMemoryBytes: null, maxMemoryBytes: null, infoError: describeFailure(error) };
  }
}

function infoNumber(info: string, field: string): number | null {
  const match = new RegExp(`^${field}:(\\d+)\\r?$`, 'm').exec(info);
  return match ? Number(match[1]) : null;
}
