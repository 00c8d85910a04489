import { headerCellCount, headerRole } from '../schedule/header-columns';
import { HEADER_SEARCH_ROWS } from '../schedule/sheet.parser';
import { readWorkbook } from '../workbook/xlsx-workbook.reader';
import type { Identification } from './identification.types';
import { round } from './name-score';

/**
 * The score a workbook's content gives: the header row (among each sheet's first rows) with the most expected
 * columns (désignation, unité, quantité, prix unitaire, montant, n°; accents and case ignored). A header without
 * quantity reads as a BPU, with quantities and totals as a DQE or DPGF (the name decides between them).
 */
export async function contentScore(localPath: string): Promise<Identification | null> {
  let best: { count: number; roles: Set<string>; sheet: string } | null = null;
  for await (const sheet of readWorkbook(localPath)) {
    let rowsSeen = 0;
    for await (const row of sheet.rows) {
      rowsSeen += 1;
      if (rowsSeen > HEADER_SEARCH_ROWS) break; // the reader moves on to the next sheet without reading this one
      const count = headerCellCount(row.cells);
      if (!best || count > best.count)
        best = { count, roles: new Set(row.cells.map(headerRole).filter((role) => role !== null)), sheet: sheet.name };
    }
  }
  if (!best || best.count < 3 || !best.roles.has('designation')) return null;
  const points = best.count >= 5 ? 0.5 : best.count === 4 ? 0.4 : 0.3;
  const type = best.roles.has('quantity') ? 'DPGF' : 'BPU';
  return {
    type,
    confidence: round(points),
    reasons: [`sheet "${best.sheet}" has a header row with ${best.count} expected columns (+${points})`],
  };
}
