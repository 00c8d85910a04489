import { basename } from 'node:path';

/** A file that is not a readable .xlsx/.xlsm workbook (corrupt, encrypted, or not a spreadsheet). */
export class UnreadableWorkbook extends Error {
  constructor(path: string, cause: unknown) {
    super(
      `${basename(path)} is not a readable .xlsx/.xlsm workbook (${cause instanceof Error ? cause.message : String(cause)})`,
    );
    this.name = 'UnreadableWorkbook';
  }
}
