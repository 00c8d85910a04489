import { MAX_FINDINGS_LISTED, type DeletedSource } from '@relais/domains/dpgf/contracts';
import type { ImportSourcesRepository } from '@relais/domains/dpgf/persistence';

/**
 * The imports of a source whose file is gone, as the run leaves them: listed in every report until removed, so
 * that priced data whose file was deleted does not go unnoticed. With `prune` (and writes) each is deleted with
 * its data, one transaction per file. A dry run adds the imports it would have flagged (`planned`).
 */
export async function settleDeletedSources(
  source: string,
  bookkeeping: ImportSourcesRepository,
  { writes, prune, planned }: { writes: boolean; prune: boolean; planned: { importId: number; path: string }[] },
): Promise<{ listed: DeletedSource[]; pruned: number }> {
  const now = Date.now();
  const flagged = (await bookkeeping.importsOf(source))
    .filter((row) => row.sourceDeletedAt !== null)
    .map((row) => ({ importId: row.id, path: row.path, deletedAt: row.sourceDeletedAt ?? now }));
  if (!writes) {
    const known = new Set(flagged.map((row) => row.importId));
    for (const row of planned) if (!known.has(row.importId)) flagged.push({ ...row, deletedAt: now });
  }
  const listed: DeletedSource[] = [];
  let pruned = 0;
  for (const row of flagged) {
    const removed = writes && prune && (await bookkeeping.prune(row.importId));
    if (removed) pruned += 1;
    if (listed.length < MAX_FINDINGS_LISTED)
      listed.push({
        import_id: row.importId,
        path: row.path,
        deleted_at: new Date(row.deletedAt).toISOString(),
        pruned: removed,
      });
  }
  return { listed, pruned };
}
