import type { SheetRow, WorkbookSheet } from './sheet-row';
import { SheetRowsListener } from './sheet-rows.listener';
import { UnreadableWorkbook } from './unreadable-workbook.error';
import { readWorkbookParts, type WorkbookParts } from './workbook-parts';
import { streamXmlPart } from './xml-part.reader';
import { ZipArchive } from './zip-archive';

/** The largest sheet XML read (inflated): rows are streamed, so this bounds time, not memory. */
export const MAX_SHEET_XML_BYTES = 4 * 1024 * 1024 * 1024 - 1;

/**
 * The sheets of an .xlsx/.xlsm file, in the workbook's order, hidden ones included (flagged). Each sheet's rows
 * are streamed from its XML (scanned as the zip entry inflates, xml-scanner.ts), so memory holds the shared strings and a
 * chunk of rows, never a whole sheet; a sheet whose rows are not read, or read in part, costs nothing more.
 * Each sheet's rows must be read (or abandoned) before the next sheet is asked for.
 *
 * `bufferUpToBytes` (default BUFFERED_UP_TO_BYTES) is where reading the file whole gives way to streaming it.
 *
 * This replaced exceljs (its whole-workbook load took 0.5–1 s per 2 000-row file and peaked near 100× the file's
 * size; its streaming reader did not see hidden rows): bench:dpgf gives the numbers.
 */
export async function* readWorkbook(
  path: string,
  options: { bufferUpToBytes?: number } = {},
): AsyncIterable<WorkbookSheet> {
  let archive: ZipArchive | null = null;
  let parts: WorkbookParts | null = null;
  try {
    archive = await ZipArchive.open(path, options.bufferUpToBytes);
    parts = await readWorkbookParts(archive);
    for (const sheet of parts.sheets) {
      const batches = sheetRowBatches(path, archive, parts, sheet.entryName);
      yield { name: sheet.name, hidden: sheet.hidden, batches, rows: rowsOf(batches) };
    }
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    // A large table's temporary file (SharedStrings' spill) goes with the reading, however it ended.
    parts?.sharedStrings.close();
    archive?.close();
  }
}

async function* sheetRowBatches(
  path: string,
  archive: ZipArchive,
  parts: WorkbookParts,
  entryName: string,
): AsyncGenerator<SheetRow[]> {
  const entry = archive.entry(entryName);
  if (!entry) return;
  const listener = new SheetRowsListener(parts);
  try {
    for await (const _ of streamXmlPart(archive, entry, listener, MAX_SHEET_XML_BYTES)) {
      if (listener.rows.length === 0) continue;
      const rows = listener.rows;
      listener.rows = [];
      yield rows;
    }
    if (listener.rows.length > 0) yield listener.rows;
  } catch (error) {
    throw unreadable(path, error);
  }
}

async function* rowsOf(batches: AsyncIterable<SheetRow[]>): AsyncGenerator<SheetRow> {
  for await (const batch of batches) yield* batch;
}

function unreadable(path: string, error: unknown): UnreadableWorkbook {
  return error instanceof UnreadableWorkbook ? error : new UnreadableWorkbook(path, error);
}
