import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { cellValue } from './cell-value';
import type { CellValue, SheetRow, WorkbookSheet } from './sheet-row';
import { UnreadableWorkbook } from './unreadable-workbook.error';

/** Workbooks larger than this are read with exceljs's streaming reader (see readWorkbook). */
// Measured (bench:dpgf): exceljs's full load peaks near 100× the file's size (1.26 GB for 11.8 MB).
export const STREAMING_ABOVE_BYTES = 2 * 1024 * 1024;

/**
 * The sheets of an .xlsx/.xlsm file, one after the other: each sheet's rows must be read to the end before the
 * next sheet is asked for. Below STREAMING_ABOVE_BYTES the whole workbook is loaded, which gives hidden rows and
 * sheets and merged cells; above it exceljs's streaming reader keeps memory flat (a 12 MB workbook loaded whole
 * takes 1.3 GB) but does not see hidden rows — a trade-off docs/domains/dpgf.md states.
 */
export async function* readWorkbook(path: string): AsyncIterable<WorkbookSheet> {
  const { size } = await stat(path);
  try {
    if (size > STREAMING_ABOVE_BYTES) yield* streamedSheets(path);
    else yield* await loadedSheets(path);
  } catch (error) {
    throw error instanceof UnreadableWorkbook ? error : new UnreadableWorkbook(path, error);
  }
}

async function loadedSheets(path: string): Promise<WorkbookSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    hidden: sheet.state !== 'visible',
    rows: loadedRows(sheet),
  }));
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, like the streamed rows
async function* loadedRows(sheet: ExcelJS.Worksheet): AsyncIterable<SheetRow> {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell) => {
      // A merged range's other cells repeat its value in exceljs: only its top-left cell holds it.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      cells[Number(cell.col) - 1] = cellValue(cell.value);
    });
    rows.push({ number, hidden: row.hidden, cells: Array.from(cells, (value) => value ?? null) });
  });
  yield* rows;
}

async function* streamedSheets(path: string): AsyncIterable<WorkbookSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let index = 0;
  for await (const worksheet of reader) {
    index += 1;
    const named = worksheet as unknown as { name?: string; state?: string };
    yield {
      name: named.name ?? `Feuille ${index}`,
      hidden: named.state === 'hidden',
      rows: streamedRows(worksheet),
    };
  }
}

async function* streamedRows(worksheet: AsyncIterable<ExcelJS.Row>): AsyncIterable<SheetRow> {
  for await (const row of worksheet) {
    const cells: CellValue[] = [];
    (row.values as ExcelJS.CellValue[]).forEach((value, column) => (cells[column - 1] = cellValue(value)));
    yield { number: row.number, hidden: false, cells: Array.from(cells, (value) => value ?? null) };
  }
}
