import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseMeasurement } from './health-measurements';
import { describeFailure } from './probe-error';
import { elapsedMsSince, withTimeout } from './probe-timeout';

export interface DatabaseProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Runs `SELECT 1` and times it. A query that does not return in time (a MySQL pool exhausted, a SQLite file
 * locked by a long writer) counts as down: the platform could not record runs either.
 */
export async function probeDatabase(
  dataSource: DataSource,
  options: DatabaseProbeOptions = {},
): Promise<DatabaseMeasurement> {
  const type = dataSource.options.type;
  if (!dataSource.isInitialized) {
    return { state: 'down', type, error: 'the connection is not initialised (or was destroyed)', elapsedMs: 0 };
  }
  const started = performance.now();
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    await withTimeout(dataSource.query<unknown>('SELECT 1'), timeoutMs, 'Database SELECT 1', options.signal);
    return { state: 'up', type, latencyMs: elapsedMsSince(started) };
  } catch (error) {
    options.signal?.throwIfAborted();
    return { state: 'down', type, error: describeFailure(error), elapsedMs: elapsedMsSince(started) };
  }
}

/**
 * The health check's probe of Relais's own database: the one place of worker-ops that touches TypeORM itself
 * (the linter keeps apps to repositories elsewhere).
 */
@Injectable()
export class DatabaseProbe {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  measure(options: DatabaseProbeOptions = {}): Promise<DatabaseMeasurement> {
    return probeDatabase(this.dataSource, options);
  }
}
