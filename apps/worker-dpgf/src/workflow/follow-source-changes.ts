import type { ImportSourcesRepository } from '@relais/domains/dpgf/persistence';
import type { Listing, PriceScheduleSource, ScanOptions } from '@relais/domains/dpgf/sources/price-schedule-source';
import { planSourceChanges } from './source-changes';

/** What following the source's changes did (or, without writes, would do) to the imports. */
export interface SourceChangesOutcome {
  /** Imports moved to their file's new path. */
  moved: number;
  /** Imports flagged in this run (their file is gone from the source), with their paths. */
  deleted: { importId: number; path: string }[];
  /** Listed files known unchanged by the source's content hash: neither identified nor downloaded again. */
  unchangedIds: string[];
}

/**
 * Brings the imports of a source in step with a scan: imports follow their renamed or moved files, those whose
 * file is gone are flagged with the time (their data stays: a SharePoint clean-up must not erase priced work
 * unnoticed), and flagged ones whose file is back are unflagged. Without `writes` (a dry run) nothing is
 * written and the outcome says what would be.
 */
export async function followSourceChanges(
  source: PriceScheduleSource,
  listing: Listing,
  options: ScanOptions,
  bookkeeping: ImportSourcesRepository,
  writes: boolean,
): Promise<SourceChangesOutcome> {
  const imports = await bookkeeping.importsOf(source.kind);
  // A full listing says what is there, not what left: the source is asked about the imports it did not list.
  const listed = new Set(listing.files.map((file) => file.id));
  const goneIds =
    listing.mode === 'full' && source.gone
      ? await source.gone(
          imports.filter((row) => row.sourceDeletedAt === null && !listed.has(row.sourceId)).map((row) => row.sourceId),
          options,
        )
      : [];
  // A changes listing names the files that left the scanned folder: the source says which imports were in scope.
  const leftIds = new Set(listing.filesLeft ?? []);
  const leftInScope =
    leftIds.size > 0 && source.left
      ? await source.left(
          imports.filter(
            (row) => row.sourceDeletedAt === null && leftIds.has(row.sourceId) && !listed.has(row.sourceId),
          ),
          options,
        )
      : [];
  const plan = planSourceChanges(listing, imports, [...goneIds, ...leftInScope]);
  if (!writes) return { moved: plan.relocations.length, deleted: plan.deletions, unchangedIds: plan.unchangedIds };
  let moved = 0;
  const stayed = new Set<string>();
  for (const relocation of plan.relocations)
    if (await bookkeeping.relocate(source.kind, relocation.importId, relocation.to)) moved += 1;
    else stayed.add(relocation.to.sourceId);
  await bookkeeping.restore(plan.restorations);
  await bookkeeping.markDeleted(
    plan.deletions.map((deletion) => deletion.importId),
    Date.now(),
  );
  // An import that could not move (another holds the new path) is not the file's there: it is imported again.
  return { moved, deleted: plan.deletions, unchangedIds: plan.unchangedIds.filter((id) => !stayed.has(id)) };
}
