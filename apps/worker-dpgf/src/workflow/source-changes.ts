import type { ImportAtSource } from '@relais/domains/dpgf/persistence';
import type { Listing } from '@relais/domains/dpgf/sources/price-schedule-source';

/** What a scan says about the files already imported: which follow their file, which are gone, which came back. */
export interface SourceChangesPlan {
  /** Imports whose file now has another path (renamed or moved, itself or a folder above it). */
  relocations: { importId: number; from: string; to: { sourceId: string; path: string } }[];
  /** Imports whose file was found gone in this scan (not flagged before). */
  deletions: { importId: number; path: string }[];
  /** Flagged imports whose file is listed again. */
  restorations: number[];
  /** Listed files whose content the source says is the one imported (same content hash): not downloaded again. */
  unchangedIds: string[];
}

/**
 * Matches a listing against the imports of its source. A listed file is its import's by id (Graph ids survive a
 * rename or a move); a folder move carries the imports below it (the longest matching folder wins, so a move
 * inside a moved folder is followed too); a deleted file, a deleted folder or a file the source says is gone
 * flags the imports below it. A listed file always wins over a removal reported in the same scan.
 */
export function planSourceChanges(
  listing: Pick<Listing, 'files' | 'movedFolders' | 'removedFolders' | 'removedFiles'>,
  imports: ImportAtSource[],
  goneIds: string[] = [],
): SourceChangesPlan {
  const plan: SourceChangesPlan = { relocations: [], deletions: [], restorations: [], unchangedIds: [] };
  const bySourceId = new Map<string, ImportAtSource[]>();
  for (const row of imports) bySourceId.set(row.sourceId, [...(bySourceId.get(row.sourceId) ?? []), row]);
  const settled = new Set<number>();

  for (const file of listing.files) {
    const matches = bySourceId.get(file.id) ?? [];
    const row = matches.find((candidate) => candidate.path === file.path) ?? matches.at(0);
    if (!row) continue;
    settled.add(row.id);
    if (row.path !== file.path)
      plan.relocations.push({ importId: row.id, from: row.path, to: { sourceId: file.id, path: file.path } });
    if (row.sourceDeletedAt !== null) plan.restorations.push(row.id);
    if (file.contentTag && row.sourceTag === file.contentTag) plan.unchangedIds.push(file.id);
  }

  // By folder path: an import's folders are tried deepest first, so the deepest rule applies to what lies below two.
  const rules = new Map<string, string | null>(
    (listing.movedFolders ?? []).map((move): [string, string | null] => [move.from, move.to]),
  );
  for (const folder of listing.removedFolders ?? []) if (!rules.has(folder)) rules.set(folder, null);
  const gone = new Set([...(listing.removedFiles ?? []), ...goneIds]);
  for (const row of imports) {
    if (settled.has(row.id)) continue;
    const rule = rules.size > 0 ? ruleFor(row.path, rules) : null;
    if (rule?.to)
      plan.relocations.push({
        importId: row.id,
        from: row.path,
        to: { sourceId: row.sourceId, path: rule.to + row.path.slice(rule.from.length) },
      });
    else if ((rule || gone.has(row.sourceId)) && row.sourceDeletedAt === null)
      plan.deletions.push({ importId: row.id, path: row.path });
  }
  return plan;
}

/** The rule of the deepest folder above `path` that has one. */
function ruleFor(path: string, rules: Map<string, string | null>): { from: string; to: string | null } | null {
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) {
    const from = path.slice(0, end);
    const to = rules.get(from);
    if (to !== undefined) return { from, to };
  }
  return null;
}
