/** A cell's value once read: the cached result of a formula, the text of rich text, a date as ISO text. */
export type CellValue = string | number | null;

/** One row of a worksheet as the schedule parser reads it. */
export interface SheetRow {
  /** The row's number in the sheet (1-based), kept with each element so a person can find it. */
  number: number;
  /** Hidden rows are kept out of the import (variants and workings an author hid). */
  hidden: boolean;
  /** The cells by column, 0-based; merged cells hold their value in the top-left cell only. */
  cells: CellValue[];
}

/** One worksheet: its name, whether it is hidden, and its rows in order (read either `rows` or `batches`, once). */
export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  rows: AsyncIterable<SheetRow>;
  /** The same rows in the batches they are read in (one per chunk of XML): cheaper to iterate than row by row. */
  batches: AsyncIterable<SheetRow[]>;
}
