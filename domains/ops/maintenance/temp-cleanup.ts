import { lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import { join, parse, relative, resolve } from 'node:path';

/** What the cleanup did under one root. */
export interface CleanupOutcome {
  root: string;
  /** `missing`: the root does not exist; `refused`: it holds something cleanup must never touch. */
  status: 'cleaned' | 'missing' | 'refused';
  filesDeleted: number;
  bytesFreed: number;
  reason?: string;
}

const MAX_DEPTH = 12;
const MAX_ENTRIES = 200_000;

/**
 * Deletes files older than `maxAgeMs` under `root`, and the directories left empty (never `root` itself). Only
 * under a configured root; a root that is the filesystem's, or that contains a protected path (the database, the
 * backups, the data directory itself), is refused whole. Symbolic links are never followed nor deleted, so a
 * link cannot lead the cleanup out of its root.
 */
export async function cleanDirectory(
  root: string,
  maxAgeMs: number,
  now: number,
  protectedPaths: readonly string[],
  signal?: AbortSignal,
): Promise<CleanupOutcome> {
  const absolute = resolve(root);
  const outcome: CleanupOutcome = { root: absolute, status: 'cleaned', filesDeleted: 0, bytesFreed: 0 };
  const guarded = protectedPaths.map((path) => resolve(path)).find((path) => isInside(path, absolute));
  if (parse(absolute).root === absolute || guarded) {
    return { ...outcome, status: 'refused', reason: guarded ? `it contains ${guarded}` : 'it is a filesystem root' };
  }
  const rootStat = await lstat(absolute).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  if (!rootStat?.isDirectory()) return { ...outcome, status: 'missing' };
  let entries = 0;
  const walk = async (directory: string, depth: number): Promise<boolean> => {
    let empty = true;
    for (const name of await readdir(directory)) {
      signal?.throwIfAborted();
      entries += 1;
      if (entries > MAX_ENTRIES) return false;
      const path = join(directory, name);
      const info = await lstat(path);
      if (info.isDirectory() && depth < MAX_DEPTH) {
        if ((await walk(path, depth + 1)) && now - info.mtimeMs > maxAgeMs) await rmdir(path);
        else empty = false;
      } else if (info.isFile() && now - info.mtimeMs > maxAgeMs) {
        await unlink(path);
        outcome.filesDeleted += 1;
        outcome.bytesFreed += info.size;
      } else {
        empty = false;
      }
    }
    return empty;
  };
  await walk(absolute, 0);
  return outcome;
}

/** True when `path` is `directory` or below it. */
function isInside(path: string, directory: string): boolean {
  const relation = relative(directory, path);
  return relation === '' || (!relation.startsWith('..') && !relation.startsWith('/'));
}
