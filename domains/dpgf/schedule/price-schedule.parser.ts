import { basename, extname } from 'node:path';
import { readWorkbook } from '../workbook/xlsx-workbook.reader';
import { lotFromName, partiesFromPath } from './party-detection';
import type { ParsedLot, ParsedSchedule, ScheduleType } from './price-schedule.types';
import { parseSheet } from './sheet.parser';
import { UnsupportedWorkbookFormat } from './unsupported-workbook-format.error';

/** Where the file came from, for the client, project and lot its cells do not name. */
export interface ScheduleOrigin {
  /** The path under the source's root (`ACME/Résidence Les Pins/DPGF-lot 3.xlsx`). */
  relativePath: string;
  type: ScheduleType;
}

/**
 * Parses a price schedule workbook: every visible sheet with a header row becomes a lot (a workbook often holds
 * one lot per sheet); client, project and date come from the cells above a header, else from the path.
 */
export async function parsePriceSchedule(path: string, origin: ScheduleOrigin): Promise<ParsedSchedule> {
  const extension = extname(origin.relativePath).toLowerCase();
  if (extension !== '.xlsx' && extension !== '.xlsm') throw new UnsupportedWorkbookFormat(origin.relativePath);
  const fromPath = partiesFromPath(origin.relativePath);
  const fileLot = lotFromName(basename(origin.relativePath, extension));
  const schedule: ParsedSchedule = {
    type: origin.type,
    client: fromPath.client ?? 'Client non identifié',
    project: fromPath.project,
    date: null,
    lots: [],
    skipped: { hidden: 0, subtotals: 0, notes: 0 },
    sheetsWithoutHeader: [],
  };
  let clientFromCells: string | null = null;
  let projectFromCells: string | null = null;
  for await (const sheet of readWorkbook(path)) {
    const parsed = await parseSheet(sheet.rows);
    if (sheet.hidden) continue;
    if (!parsed) {
      schedule.sheetsWithoutHeader.push(sheet.name);
      continue;
    }
    clientFromCells ??= parsed.facts.client;
    projectFromCells ??= parsed.facts.project;
    schedule.date ??= parsed.facts.date;
    schedule.skipped.hidden += parsed.skipped.hidden;
    schedule.skipped.subtotals += parsed.skipped.subtotals;
    schedule.skipped.notes += parsed.skipped.notes;
    const sheetLot = lotFromName(sheet.name);
    const lot: ParsedLot = {
      sheet: sheet.name,
      number: parsed.facts.lotNumber ?? sheetLot?.number ?? fileLot?.number ?? null,
      name: parsed.facts.lotName ?? sheetLot?.name ?? fileLot?.name ?? sheet.name,
      sections: parsed.sections,
    };
    if (parsed.elementCount > 0) schedule.lots.push(lot);
  }
  schedule.client = clientFromCells ?? schedule.client;
  schedule.project = projectFromCells ?? schedule.project;
  return schedule;
}

/** Elements across the schedule's lots. */
export function elementCount(schedule: ParsedSchedule): number {
  return schedule.lots.reduce(
    (sum, lot) => sum + lot.sections.reduce((inLot, section) => inLot + section.elements.length, 0),
    0,
  );
}
