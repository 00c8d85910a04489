import {
  MAX_FINDINGS_LISTED,
  type DpgfWorkflowParams,
  type FileError,
  type FileFinding,
} from '@relais/domains/dpgf/contracts';
import { contentScore } from '@relais/domains/dpgf/identification/content-score';
import { combine, identifyByName } from '@relais/domains/dpgf/identification/file-identifier';
import type { Identification } from '@relais/domains/dpgf/identification/identification.types';
import type { ListedFile, LocalCopy, PriceScheduleSource } from '@relais/domains/dpgf/sources/price-schedule-source';
import { MissingCredentials, SourceUnreachable } from '@relais/domains/dpgf/sources/source-errors';

/** A listed file with its identification, and its local copy when the content was read. */
export interface IdentifiedFile extends ListedFile, Identification {
  copy: LocalCopy | null;
}

/**
 * Scores every listed file by name, opens the promising ones (or all of them with deep_scan) to score their
 * content, and keeps those at or above min_confidence, best first, up to max_files. A file that cannot be read
 * keeps its name's score (its import will say what is wrong with it).
 */
export async function identifyFiles(
  source: PriceScheduleSource,
  files: ListedFile[],
  params: DpgfWorkflowParams,
  workDir: string,
  signal: AbortSignal,
): Promise<{
  kept: IdentifiedFile[];
  findings: FileFinding[];
  beyondMaxFiles: number;
  notFetched: number;
  errors: FileError[];
}> {
  const identified: IdentifiedFile[] = [];
  const errors: FileError[] = [];
  let notFetched = 0;
  // The file keeps its name's score; its import will say what is wrong with it.
  const unread = (file: ListedFile, byName: Identification, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    errors.push({ path: file.path, phase: 'identify', message });
    identified.push({ ...file, ...byName, reasons: [...byName.reasons, `content not read: ${message}`], copy: null });
  };
  for (const file of files) {
    const byName = identifyByName(file.path, params.deep_scan);
    if (!byName.examineContent || file.path.toLowerCase().endsWith('.xls')) {
      identified.push({ ...file, ...byName, copy: null });
      continue;
    }
    let copy: LocalCopy;
    try {
      copy = await source.fetch(file, workDir, signal);
    } catch (error) {
      if (error instanceof SourceUnreachable || error instanceof MissingCredentials) throw error;
      // Not brought here (the network, a size that changed): unlike unreadable content, worth another try.
      notFetched += 1;
      unread(file, byName, error);
      continue;
    }
    try {
      identified.push({ ...file, ...combine(byName, await contentScore(copy.localPath)), copy });
    } catch (error) {
      unread(file, byName, error);
    }
  }
  const qualified = identified
    .filter((file) => file.confidence >= params.min_confidence)
    .sort((a, b) => b.confidence - a.confidence || a.path.localeCompare(b.path));
  const kept = qualified.slice(0, params.max_files);
  const keptPaths = new Set(kept.map((file) => file.path));
  const findings = identified
    .sort((a, b) => b.confidence - a.confidence || a.path.localeCompare(b.path))
    .slice(0, MAX_FINDINGS_LISTED)
    .map(({ path, size, type, confidence, reasons }) => ({
      path,
      size,
      type,
      confidence,
      reasons,
      kept: keptPaths.has(path),
    }));
  return { kept, findings, beyondMaxFiles: qualified.length - kept.length, notFetched, errors };
}
