import { MAX_FINDINGS_LISTED, type DeletedSource } from '@relais/domains/dpgf/contracts';
import type { ImportSourcesRepository } from '@relais/domains/dpgf/persistence';
import type { Listing, PriceScheduleSource, ScanOptions } from '@relais/domains/dpgf/sources/price-schedule-source';
import { planSourceChanges } from './source-changes';

/** What following the source's changes did (or, without writes, would do) to the imports. */
export interface SourceChangesOutcome {
  /** Imports moved to their file's new path. */
  moved: number;
  /** Imports flagged in this run: their file is gone from the source. */
  deleted: number;
  /** Flagged imports removed with their priced data (prune_deleted). */
  pruned: number;
  /** Every flagged import of the source, kept or pruned in this run (at most MAX_FINDINGS_LISTED). */
  deletedSources: DeletedSource[];
  /** Listed files known unchanged by the source's content hash: neither identified nor downloaded again. */
  unchangedIds: string[];
}

/**
 * Brings the imports of a source in step with a scan: imports follow their renamed or moved files, those whose
 * file is gone are flagged with the time (their data stays: a SharePoint clean-up must not erase priced work
 * unnoticed), flagged ones whose file is back are unflagged, and with `prune` every flagged import is deleted,
 * one transaction per file. Without `writes` (a dry run) nothing is written and the outcome says what would be.
 */
export async function followSourceChanges(
  source: PriceScheduleSource,
  listing: Listing,
  options: ScanOptions,
  bookkeeping: ImportSourcesRepository,
  { writes, prune }: { writes: boolean; prune: boolean },
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
  const plan = planSourceChanges(listing, imports, goneIds);
  const now = Date.now();
  let moved = plan.relocations.length;
  if (writes) {
    moved = 0;
    for (const relocation of plan.relocations)
      if (await bookkeeping.relocate(source.kind, relocation.importId, relocation.to)) moved += 1;
    await bookkeeping.restore(plan.restorations);
    await bookkeeping.markDeleted(
      plan.deletions.map((deletion) => deletion.importId),
      now,
    );
  }
  const newlyDeleted = new Map(plan.deletions.map((deletion) => [deletion.importId, deletion.path]));
  const restored = new Set(plan.restorations);
  const flagged = imports
    .filter((row) => (row.sourceDeletedAt !== null && !restored.has(row.id)) || newlyDeleted.has(row.id))
    .map((row) => ({ id: row.id, path: row.path, deletedAt: row.sourceDeletedAt ?? now }));
  const deletedSources: DeletedSource[] = [];
  let pruned = 0;
  for (const row of flagged) {
    const wasPruned = writes && prune && (await bookkeeping.prune(row.id));
    if (wasPruned) pruned += 1;
    if (deletedSources.length < MAX_FINDINGS_LISTED)
      deletedSources.push({ path: row.path, deleted_at: new Date(row.deletedAt).toISOString(), pruned: wasPruned });
  }
  return { moved, deleted: plan.deletions.length, pruned, deletedSources, unchangedIds: plan.unchangedIds };
}
