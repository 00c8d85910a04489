import type { FilePreview } from '@relais/domains/dpgf/contracts';
import { parsePriceSchedule } from '@relais/domains/dpgf/schedule/price-schedule.parser';
import type { LocalCopy } from '@relais/domains/dpgf/sources/price-schedule-source';
import type { IdentifiedFile } from './identify-files';

/** The first rows a dry run shows per file. */
const FIRST_ROWS = 5;

/** What a dry run shows for each file: sheets, lots, counts and first rows, parsed but written nowhere. */
export async function previewFiles(files: (IdentifiedFile & { copy: LocalCopy })[]): Promise<FilePreview[]> {
  const previews: FilePreview[] = [];
  for (const file of files) {
    const schedule = await parsePriceSchedule(file.copy.localPath, { relativePath: file.path, type: file.type }).catch(
      (error: unknown) => error as Error,
    );
    if (schedule instanceof Error) continue; // the real run will report it as an import error
    const elements = schedule.lots.flatMap((lot) => lot.sections.flatMap((section) => section.elements));
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
        elements: lot.sections.reduce((sum, section) => sum + section.elements.length, 0),
      })),
      first_rows: elements.slice(0, FIRST_ROWS).map((element) => ({
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
