import type { FilePreview } from '@relais/domains/dpgf/contracts';
import { parsePriceSchedule, type ScheduleSink } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { ParsedElement, ParsedLot } from '@relais/domains/dpgf/schedule/price-schedule.types';
import type { LocalCopy } from '@relais/domains/dpgf/sources/price-schedule-source';
import type { IdentifiedFile } from './identify-files';

/** The first rows a dry run shows per file. */
const FIRST_ROWS = 5;

/** What a dry run shows for each file: sheets, lots, counts and first rows, parsed but written nowhere. */
export async function previewFiles(files: (IdentifiedFile & { copy: LocalCopy })[]): Promise<FilePreview[]> {
  const previews: FilePreview[] = [];
  for (const file of files) {
    // Streamed like the import: counted per lot and the first rows kept, never the whole workbook in memory.
    const elements: ParsedElement[] = [];
    const perLot = new Map<ParsedLot, number>();
    const sink: ScheduleSink = {
      batchSize: 1000,
      write: (_, lot, batch) => {
        perLot.set(lot, (perLot.get(lot) ?? 0) + batch.length);
        for (const [, element] of batch.slice(0, FIRST_ROWS - elements.length)) elements.push(element);
        return Promise.resolve();
      },
      endLot: () => Promise.resolve(),
    };
    const schedule = await parsePriceSchedule(
      file.copy.localPath,
      { relativePath: file.path, type: file.type },
      sink,
    ).catch((error: unknown) => error as Error);
    if (schedule instanceof Error) continue; // the real run will report it as an import error
    previews.push({
      path: file.path,
      type: file.type,
      confidence: file.confidence,
      client: schedule.client,
      project: schedule.project,
      lots: schedule.lots.map((lot) => ({
        sheet: lot.sheet,
        number: lot.number,
        name: lot.name,
        sections: lot.sections.length,
        elements: perLot.get(lot) ?? 0,
      })),
      first_rows: elements.map((element) => ({
        designation: element.designation.slice(0, 200),
        unit: element.unit,
        quantity: element.quantity,
        unit_price: element.unitPrice,
        total: element.total,
      })),
    });
  }
  return previews;
}
