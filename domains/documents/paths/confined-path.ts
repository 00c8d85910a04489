import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Where a path parameter may lead: relative values are read from `base`; every value must end inside a root. */
export interface PathRoots {
  base: string;
  roots: readonly string[];
}

/** Longest path accepted (Linux's PATH_MAX is 4096; nobody types more than this). */
export const MAX_PATH_LENGTH = 1000;

/** The absolute path a parameter names, or why it is refused (in words that follow the field's name). */
export type ConfinedPath = { path: string; problem?: undefined } | { path?: undefined; problem: string };

/**
 * Resolves a path given as a parameter and keeps it inside its roots: `..` segments are refused outright (even
 * when they would come back inside), absolute paths must lie under a root, and a path whose existing part leads
 * out of its root through a symbolic link is refused. A path that does not exist yet is checked through its
 * nearest existing parent. Without roots (a process that has not loaded the documents settings) only relative
 * paths without `..` pass.
 */
export function confinePath(value: unknown, roots: PathRoots | null): ConfinedPath {
  if (typeof value !== 'string' || value.trim() === '') return { problem: 'must be a non-empty path' };
  if (value.length > MAX_PATH_LENGTH) return { problem: `must be at most ${MAX_PATH_LENGTH} characters` };
  if (/\p{Cc}/u.test(value)) return { problem: 'must not contain control characters' };
  if (value.split(/[/\\]/).includes('..')) return { problem: 'must not contain ".." segments' };
  if (!roots) {
    return isAbsolute(value)
      ? { problem: 'must be relative (the documents roots are not configured in this process)' }
      : { path: value };
  }
  const path = isAbsolute(value) ? resolve(value) : resolve(roots.base, value);
  const root = roots.roots.find((candidate) => isInside(path, candidate));
  if (!root) return { problem: `must be inside ${roots.roots.join(' or ')}` };
  const real = realpathOfExistingPart(path);
  const realRoot = realpathOfExistingPart(root);
  if (real === null || realRoot === null) return { problem: 'cannot be examined (permission denied?)' };
  if (!isInside(real, realRoot)) return { problem: `leads outside ${root} through a symbolic link` };
  return { path };
}

/** `path` is `root` or lies under it (both absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

/** The real path of `path`, or of its nearest existing parent joined with the rest; null when unreadable. */
function realpathOfExistingPart(path: string): string | null {
  let existing = path;
  for (;;) {
    try {
      return resolve(realpathSync(existing), relative(existing, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(existing);
      // Not there yet (or a file where a folder is expected): judge by the part that exists.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === existing) return null;
      existing = parent;
    }
  }
}
