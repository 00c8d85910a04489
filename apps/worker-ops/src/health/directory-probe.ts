import { randomUUID } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirectoryMeasurement } from './health-measurements';
import { describeFailure, errorCode } from './probe-error';
import { withTimeout } from './probe-timeout';

export interface DirectoryProbeOptions {
  /** Limit for each directory (a hung network mount must not hang the check). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Checks that each directory exists and is writable by writing and deleting a probe file: permission bits do not
 * tell (read-only mounts, ACLs, a full disk, root ignoring modes). Never throws but for a cancelled run.
 */
export async function probeDirectories(
  paths: readonly string[],
  options: DirectoryProbeOptions = {},
): Promise<DirectoryMeasurement[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return Promise.all(
    paths.map(async (path) => {
      try {
        return await withTimeout(probeDirectory(path), timeoutMs, 'stat, write and delete', options.signal);
      } catch (error) {
        options.signal?.throwIfAborted();
        return { path, exists: false, writable: false, error: describeFailure(error) };
      }
    }),
  );
}

async function probeDirectory(path: string): Promise<DirectoryMeasurement> {
  const stats = await stat(path).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  });
  if (!stats) return { path, exists: false, writable: false, error: 'does not exist' };
  if (!stats.isDirectory()) return { path, exists: false, writable: false, error: 'is not a directory' };

  // Dot-named and unique so that concurrent checks (several workers) never collide and listings skip it.
  const probeFile = join(path, `.relais-health-${process.pid}-${randomUUID()}`);
  try {
    await writeFile(probeFile, 'relais health probe\n', { flag: 'wx' });
  } catch (error) {
    return { path, exists: true, writable: false, error: `cannot write a file: ${describeFailure(error)}` };
  }
  try {
    await unlink(probeFile);
  } catch (error) {
    return {
      path,
      exists: true,
      writable: false,
      error: `wrote ${probeFile} but cannot delete it: ${describeFailure(error)}`,
    };
  }
  return { path, exists: true, writable: true, error: null };
}
