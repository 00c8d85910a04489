import { basename, extname } from 'node:path';
import type { AmbiguousRowLabels } from './ambiguous-row-labels';
import { readWorkbook } from '../workbook/xlsx-workbook.reader';
import { lotFromName, partiesFromPath, type HeaderFacts } from './party-detection';
import type { ParsedLot, ParsedSchedule, ParsedSection, ScheduleType } from './price-schedule.types';
import { parseSheet, type SectionElement } from './sheet.parser';
import { UnsupportedWorkbookFormat } from './unsupported-workbook-format.error';

/** Where the file came from, for the client, project and lot its cells do not name. */
export interface ScheduleOrigin {
  /** The path under the source's root (`ACME/Résidence Les Pins/DPGF-lot 3.xlsx`). */
  relativePath: string;
  type: ScheduleType;
}

/**
 * Where a streamed schedule's elements go as they are read, lot by lot, in batches of `batchSize`: a 50 MB
 * workbook is then never held whole. `schedule` is what is known so far (client, project and date from the
 * cells of the sheets read, else from the path); `lot.sections` are the lot's sections so far, with their
 * `elements` left empty.
 */
export interface ScheduleSink {
  batchSize: number;
  write(schedule: ParsedSchedule, lot: ParsedLot, batch: SectionElement[]): Promise<void>;
  /** The lot's sheet is read to its end: its sections are complete. Only lots that had elements are ended. */
  endLot(schedule: ParsedSchedule, lot: ParsedLot): Promise<void>;
}

/**
 * Parses a price schedule workbook: every visible sheet with a header row becomes a lot (a workbook often holds
 * one lot per sheet); client, project and date come from the cells above a header, else from the path. With a
 * `sink`, elements are handed to it as they are read and the lots returned hold no elements. `ambiguous` decides
 * the unnumbered lines without prices (Gemini's answers, when asked for).
 */
export async function parsePriceSchedule(
  path: string,
  origin: ScheduleOrigin,
  sink?: ScheduleSink,
  ambiguous?: AmbiguousRowLabels,
): Promise<ParsedSchedule> {
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
  const learn = (facts: HeaderFacts): void => {
    clientFromCells ??= facts.client;
    projectFromCells ??= facts.project;
    schedule.client = clientFromCells ?? schedule.client;
    schedule.project = projectFromCells ?? schedule.project;
    schedule.date ??= facts.date;
  };
  for await (const sheet of readWorkbook(path)) {
    if (sheet.hidden) continue; // its rows are never read
    const lotOf = (facts: HeaderFacts, sections: ParsedSection[]): ParsedLot => {
      const sheetLot = lotFromName(sheet.name);
      return {
        sheet: sheet.name,
        number: facts.lotNumber ?? sheetLot?.number ?? fileLot?.number ?? null,
        name: facts.lotName ?? sheetLot?.name ?? fileLot?.name ?? sheet.name,
        sections,
      };
    };
    const streamed: { lot: ParsedLot | null } = { lot: null };
    const parsed = await parseSheet(
      sheet.batches,
      sink && {
        batchSize: sink.batchSize,
        write: async (facts, sections, batch) => {
          if (!streamed.lot) learn(facts);
          streamed.lot ??= lotOf(facts, sections);
          await sink.write(schedule, streamed.lot, batch);
        },
      },
      ambiguous,
    );
    if (!parsed) {
      schedule.sheetsWithoutHeader.push(sheet.name);
      continue;
    }
    learn(parsed.facts);
    schedule.skipped.hidden += parsed.skipped.hidden;
    schedule.skipped.subtotals += parsed.skipped.subtotals;
    schedule.skipped.notes += parsed.skipped.notes;
    if (parsed.elementCount === 0) continue;
    const lot = streamed.lot ?? lotOf(parsed.facts, parsed.sections);
    schedule.lots.push(lot);
    if (sink) await sink.endLot(schedule, lot);
  }
  return schedule;
}

/** Elements across the schedule's lots. */
export function elementCount(schedule: ParsedSchedule): number {
  return schedule.lots.reduce(
    (sum, lot) => sum + lot.sections.reduce((inLot, section) => inLot + section.elements.length, 0),
    0,
  );
}
