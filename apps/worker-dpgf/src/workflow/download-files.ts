import type { FileError } from '@relais/domains/dpgf/contracts';
import type { PricingImportRepository } from '@relais/domains/dpgf/persistence';
import type { LocalCopy, PriceScheduleSource } from '@relais/domains/dpgf/sources/price-schedule-source';
import { MissingCredentials, SourceUnreachable } from '@relais/domains/dpgf/sources/source-errors';
import type { IdentifiedFile } from './identify-files';

/**
 * Brings every kept file onto this machine (those opened for identification already are), hashed and checked
 * against its listed size. A file whose path was already imported with the same SHA-256 is unchanged: left out.
 */
export async function downloadFiles(
  source: PriceScheduleSource,
  files: IdentifiedFile[],
  workDir: string,
  pricing: PricingImportRepository,
  signal: AbortSignal,
): Promise<{
  toImport: (IdentifiedFile & { copy: LocalCopy })[];
  unchanged: number;
  downloaded: number;
  bytes: number;
  errors: FileError[];
}> {
  const toImport: (IdentifiedFile & { copy: LocalCopy })[] = [];
  const errors: FileError[] = [];
  let unchanged = 0;
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
    else toImport.push({ ...file, copy });
  }
  return {
    toImport,
    unchanged,
    downloaded: files.length - errors.filter((error) => error.phase === 'download').length,
    bytes,
    errors,
  };
}
