import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { NonRetryableError } from '@relais/engine';

/** More files than this in one folder is a mistake (the wrong folder), not a batch: refused before any work. */
export const MAX_FILES_PER_FOLDER = 20_000;

/** Folders a scan never enters: an inbox's archives and what the system keeps there. */
const ARCHIVE_FOLDERS = new Set(['processed', 'failed']);

/**
 * The files of `folder` whose extension is one of `extensions` (case-insensitive), sorted: hidden files and
 * folders (`.incoming`, `.DS_Store`) are skipped, and so are the inbox archives `processed/` and `failed/`;
 * `recursive` also takes sub-folders. Symbolic links are not followed (a link could lead out of the roots).
 */
export async function listFolderFiles(
  folder: string,
  options: { extensions: readonly string[]; recursive: boolean },
): Promise<string[]> {
  const extensions = new Set(options.extensions.map((extension) => extension.toLowerCase()));
  const files: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (current === folder && (code === 'ENOENT' || code === 'ENOTDIR')) {
        throw new NonRetryableError(`folder ${folder} does not exist or is not a folder`);
      }
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (options.recursive && !ARCHIVE_FOLDERS.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && extensions.has(extname(entry.name).toLowerCase())) {
        files.push(path);
        if (files.length > MAX_FILES_PER_FOLDER) {
          throw new NonRetryableError(
            `folder ${folder} holds more than ${MAX_FILES_PER_FOLDER} files to ingest: split it into smaller folders`,
          );
        }
      }
    }
  }
  return files.sort();
}
