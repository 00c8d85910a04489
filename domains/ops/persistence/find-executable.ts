import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first of `names` found as an executable on PATH, or null. */
export function findExecutable(names: readonly string[], path = process.env.PATH ?? ''): string | null {
  for (const name of names) {
    for (const directory of path.split(delimiter).filter(Boolean)) {
      const candidate = join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch (error) {
        // Not there, or not executable: try the next directory.
        if ((error as NodeJS.ErrnoException).code === undefined) throw error;
      }
    }
  }
  return null;
}
