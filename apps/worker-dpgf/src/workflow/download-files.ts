import type { FileError } from '@relais/domains/dpgf/contracts';
import type { ImportSourcesRepository, PricingImportRepository } from '@relais/domains/dpgf/persistence';
import type { LocalCopy, PriceScheduleSource } from '@relais/domains/dpgf/sources/price-schedule-source';
import { MissingCredentials, SourceUnreachable } from '@relais/domains/dpgf/sources/source-errors';
import type { IdentifiedFile } from './identify-files';

/** The source's content hash of a file as downloaded: recorded on its import once that holds this content. */
export interface ContentTag {
  path: string;
  sha256: string;
  tag: string;
}

/**
 * Brings every kept file onto this machine (those opened for identification already are), hashed and checked
 * against its listed size. A file whose path was already imported with the same SHA-256 is unchanged: left out.
 * A file at a new path whose content is that of an import whose file is gone was moved (a folder source's ids
 * are paths: a move looks like a deletion and a new file): with `writes`, the import follows it instead.
 */
export async function downloadFiles(
  source: PriceScheduleSource,
  files: IdentifiedFile[],
  workDir: string,
  bookkeeping: { pricing: PricingImportRepository; sources: ImportSourcesRepository; writes: boolean },
  signal: AbortSignal,
): Promise<{
  toImport: (IdentifiedFile & { copy: LocalCopy })[];
  unchanged: number;
  /** Imports that followed their file here (found by content). */
  moved: number[];
  downloaded: number;
  bytes: number;
  tags: ContentTag[];
  errors: FileError[];
}> {
  const { pricing, sources } = bookkeeping;
  const toImport: (IdentifiedFile & { copy: LocalCopy })[] = [];
  const errors: FileError[] = [];
  const tags: ContentTag[] = [];
  let unchanged = 0;
  const moved: number[] = [];
  let bytes = 0;
  for (const file of files) {
    let copy: LocalCopy;
    try {
      copy = file.copy ?? (await source.fetch(file, workDir, signal));
    } catch (error) {
      if (error instanceof SourceUnreachable || error instanceof MissingCredentials) throw error;
      errors.push({
        path: file.path,
        phase: 'download',
        message: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    bytes += copy.size;
    if (file.contentTag) tags.push({ path: file.path, sha256: copy.sha256, tag: file.contentTag });
    const previous = await pricing.findImport(source.kind, file.path);
    const failed = await pricing.findFailure(source.kind, file.path);
    if (failed?.sha256 === copy.sha256) {
      unchanged += 1;
      errors.push({
        path: file.path,
        phase: 'import',
        message: `unchanged since its import failed: ${failed.message}`,
      });
    } else if (previous?.sha256 === copy.sha256) unchanged += 1;
    else {
      const followed = previous ? null : await followedHere(file, copy);
      if (followed === null) toImport.push({ ...file, copy });
      else {
        unchanged += 1;
        moved.push(followed);
      }
    }
  }
  return {
    toImport,
    unchanged,
    moved,
    tags,
    downloaded: files.length - errors.filter((error) => error.phase === 'download').length,
    bytes,
    errors,
  };

  /** Moves the import of this content whose file is gone to this file, when runs write: its id, or null. */
  async function followedHere(file: IdentifiedFile, copy: LocalCopy): Promise<number | null> {
    if (!bookkeeping.writes) return null;
    const gone = await sources.goneWithContent(source.kind, copy.sha256);
    if (!gone || !(await sources.relocate(source.kind, gone.id, { sourceId: file.id, path: file.path }))) return null;
    await sources.restore([gone.id]);
    return gone.id;
  }
}
