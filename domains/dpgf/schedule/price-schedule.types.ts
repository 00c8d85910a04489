/** DPGF (décomposition du prix global et forfaitaire), BPU (bordereau des prix unitaires), DQE (détail quantitatif estimatif). */
export type ScheduleType = 'DPGF' | 'BPU' | 'DQE';

/** A priced line: a work item with its unit, quantity and prices (amounts rounded as the columns store them). */
export interface ParsedElement {
  /** The article number in the schedule (`1.2.3`), when it has one. */
  article: string | null;
  /** The whole designation, however long. */
  designation: string;
  unit: string | null;
  quantity: number | null;
  unitPrice: number | null;
  total: number | null;
  /** Quantity × unit price differs from the total by more than a cent per line: kept as written, flagged. */
  mismatch: boolean;
  /** The sheet row it came from. */
  row: number;
}

/** A numbered title (`1.2 Maçonnerie`): its level from the numbering, its parent by index in the lot's list. */
export interface ParsedSection {
  number: string | null;
  title: string;
  level: number;
  /** Index of the parent in ParsedLot.sections, null at the top. */
  parent: number | null;
  elements: ParsedElement[];
}

/** One lot: usually one sheet of the workbook. */
export interface ParsedLot {
  sheet: string;
  number: string | null;
  name: string;
  sections: ParsedSection[];
}

/** Rows read but not imported, by reason, for the report and the dry run. */
export interface SkippedRows {
  hidden: number;
  subtotals: number;
  notes: number;
}

/** What a workbook holds once parsed: who, which project, its lots, and what was left out. */
export interface ParsedSchedule {
  type: ScheduleType;
  client: string;
  project: string;
  /** YYYY-MM-DD when a cell gives it. */
  date: string | null;
  lots: ParsedLot[];
  skipped: SkippedRows;
  /** Sheets without a recognisable header row. */
  sheetsWithoutHeader: string[];
}
