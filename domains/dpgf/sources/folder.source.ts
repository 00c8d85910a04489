import { lstat, realpath, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { hashOfFile } from './hashed-copy';
import type { ListedFile, Listing, LocalCopy, PriceScheduleSource, ScanOptions } from './price-schedule-source';
import { entersFolder, keepsFile } from './scan-filters';
import { SizeMismatch, SourceUnreachable } from './source-errors';

/**
 * A local (or mounted) folder, confined to DPGF_FOLDER_ROOTS: the scanned folder must resolve (symbolic links
 * followed) inside one of them, and symbolic links met while walking are not followed, so nothing outside the
 * roots is ever read. Files are read where they are: `fetch` only hashes them.
 */
export class FolderSource implements PriceScheduleSource {
  readonly kind = 'file' as const;

  constructor(private readonly roots: readonly string[]) {}

  describe(rootFolder?: string): string {
    return `folder ${rootFolder ?? this.roots[0]}`;
  }

  async list(options: ScanOptions): Promise<Listing> {
    const root = await this.scannedFolder(options);
    const files: ListedFile[] = [];
    const folders = [root];
    let visited = 0;
    while (folders.length > 0 && visited < options.maxFolders) {
      options.signal?.throwIfAborted();
      const folder = folders.shift() as string;
      visited += 1;
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (entersFolder(entry.name, options)) folders.push(path);
        } else if (entry.isFile()) {
          const relativePath = relative(root, path).split(sep).join('/');
          // The id is the absolute path: a retried run fetches it without listing again.
          if (keepsFile(relativePath, options))
            files.push({ id: path, path: relativePath, size: (await stat(path)).size });
        }
      }
    }
    return { files: files.sort((a, b) => a.path.localeCompare(b.path)), mode: 'full', checkpoint: null };
  }

  /** Files (absolute paths) below the scanned folder that are no longer there; files elsewhere are not judged. */
  async gone(fileIds: string[], options: ScanOptions): Promise<string[]> {
    const root = await this.scannedFolder(options);
    const gone: string[] = [];
    for (const id of fileIds) {
      if (!id.startsWith(root + sep)) continue;
      options.signal?.throwIfAborted();
      const entry = await lstat(id).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        // Anything else (a permission, a disk error) says nothing about the file being gone.
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw error;
      });
      if (!entry?.isFile()) gone.push(id);
    }
    return gone;
  }

  async fetch(file: ListedFile, _workDir: string, signal?: AbortSignal): Promise<LocalCopy> {
    const path = await this.confined(file.id);
    const copy = await hashOfFile(path, signal);
    if (copy.size !== file.size) throw new SizeMismatch(file.path, file.size, copy.size);
    return copy;
  }

  /** The real path of the folder a scan starts from: root_folder, confined to the roots, or the first root. */
  private async scannedFolder(options: ScanOptions): Promise<string> {
    if (options.rootFolder === undefined) return this.confined(this.roots[0], 'The folder');
    // Refused as written, not only once resolved: a `..` is a request to climb, whatever it resolves to.
    if (!isAbsolute(options.rootFolder) || options.rootFolder.split(/[\\/]/).includes('..'))
      throw new SourceUnreachable(
        `root_folder must be an absolute path without ".." under DPGF_FOLDER_ROOTS (got ${options.rootFolder})`,
      );
    return this.confined(options.rootFolder, 'root_folder');
  }

  /** The real path of `folder` (or file) when it is one of the roots or inside one; SourceUnreachable otherwise. */
  private async confined(folder: string, what = 'The file'): Promise<string> {
    let real: string;
    try {
      real = await realpath(folder);
    } catch {
      throw new SourceUnreachable(`${what} ${folder} does not exist or cannot be read`);
    }
    for (const root of this.roots) {
      const realRoot = await realpath(root).catch(() => null);
      if (realRoot && (real === realRoot || real.startsWith(realRoot + sep))) return real;
    }
    throw new SourceUnreachable(`${what} ${folder} is outside DPGF_FOLDER_ROOTS (${this.roots.join(', ')})`);
  }
}
