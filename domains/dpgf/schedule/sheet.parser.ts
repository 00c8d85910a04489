import type { AmbiguousRowLabels } from './ambiguous-row-labels';
import { parseFrenchNumber } from '../workbook/french-number';
import type { CellValue, SheetRow } from '../workbook/sheet-row';
import { columnMapOf, type ColumnMap } from './header-columns';
import { headerFacts, type HeaderFacts } from './party-detection';
import type { ParsedElement, ParsedSection, SkippedRows } from './price-schedule.types';
import { isLumpSumUnit, isTotalLine } from './row-kind';
import { leadingSectionNumber, SectionLevels, sectionNumberOf, type SectionNumber } from './section-numbering';

/** A header row is looked for in a sheet's first rows only: below them the sheet is not a price schedule. */
export const HEADER_SEARCH_ROWS = 60;

/** An element with the index of its section in the sheet's (or lot's) list of sections. */
export type SectionElement = [sectionIndex: number, element: ParsedElement];

/**
 * Where a streamed sheet's elements go, in batches as they are read (memory then holds one batch, not the sheet):
 * `sections` is the sheet's list so far, every section a batch refers to included; its `elements` stay empty.
 */
export interface SheetElementSink {
  batchSize: number;
  write(facts: HeaderFacts, sections: ParsedSection[], batch: SectionElement[]): Promise<void>;
}

/** What one sheet yields: its sections (with their elements), the facts above its header, what was skipped. */
export interface ParsedSheet {
  columns: ColumnMap;
  facts: HeaderFacts;
  sections: ParsedSection[];
  elementCount: number;
  skipped: SkippedRows;
}

/**
 * Reads one sheet's rows (in the batches the reader hands on): finds the header row in its first rows, then classifies every row below it as a
 * section title, an element, a total line (recognised, left out) or a note. Returns null when no header row is
 * found (after its first HEADER_SEARCH_ROWS rows). With a `sink`, elements are handed to it in batches instead of
 * being kept in their sections.
 */
export async function parseSheet(
  batches: AsyncIterable<SheetRow[]>,
  sink?: SheetElementSink,
  ambiguous?: AmbiguousRowLabels,
): Promise<ParsedSheet | null> {
  const above: CellValue[][] = [];
  let sheet: SheetBuilder | null = null;
  for await (const rows of batches) {
    for (const row of rows) {
      if (sheet) {
        sheet.add(row);
        if (sink && sheet.pending.length >= sink.batchSize)
          await sink.write(sheet.facts, sheet.sections, sheet.drain());
        continue;
      }
      if (above.length >= HEADER_SEARCH_ROWS) return null;
      const columns = columnMapOf(row.cells);
      if (columns) sheet = new SheetBuilder(columns, headerFacts(above), sink !== undefined, ambiguous);
      else above.push(row.cells);
    }
  }
  if (sink && sheet && sheet.pending.length > 0) await sink.write(sheet.facts, sheet.sections, sheet.drain());
  return sheet?.result() ?? null;
}

class SheetBuilder {
  readonly sections: ParsedSection[] = [];
  /** Streamed elements not yet handed on. */
  pending: SectionElement[] = [];
  private readonly levels = new SectionLevels();
  /** Indexes of the open sections, outermost first. */
  private readonly open: number[] = [];
  private readonly skipped: SkippedRows = { hidden: 0, subtotals: 0, notes: 0 };
  private elementCount = 0;

  constructor(
    private readonly columns: ColumnMap,
    readonly facts: HeaderFacts,
    private readonly streamed: boolean,
    private readonly ambiguous?: AmbiguousRowLabels,
  ) {}

  add(row: SheetRow): void {
    const { cells } = row;
    const article = cellText(cells, this.columns.article);
    const designation = cellText(cells, this.columns.designation);
    const unit = cellText(cells, this.columns.unit);
    const quantity = cellNumber(cells, this.columns.quantity);
    const unitPrice = cellNumber(cells, this.columns.unitPrice);
    const total = cellNumber(cells, this.columns.total);
    if (!article && !designation && !unit && quantity === null && unitPrice === null && total === null) return;
    if (row.hidden) {
      this.skipped.hidden += 1;
      return;
    }
    if ((designation && isTotalLine(designation)) || (!designation && article && isTotalLine(article))) {
      this.skipped.subtotals += 1;
      return;
    }
    const priced = unit !== null || quantity !== null || unitPrice !== null;
    if (!priced) {
      const section = this.sectionTitle(article, designation);
      if (section) this.openSection(section.number, section.title);
      // A description line without a number is a note, unless the classifier (Gemini) calls it a heading.
      else if (designation && !article && this.ambiguous?.labelOf(designation) === 'section')
        this.openSection(null, designation);
      else this.skipped.notes += 1;
      return;
    }
    if (!designation) {
      this.skipped.notes += 1;
      return;
    }
    this.addElement(pricedElement({ article, designation, unit, quantity, unitPrice, total, row: row.number }));
  }

  /** The streamed elements read since the last drain. */
  drain(): SectionElement[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  result(): ParsedSheet {
    return {
      columns: this.columns,
      facts: this.facts,
      sections: this.sections,
      elementCount: this.elementCount,
      skipped: this.skipped,
    };
  }

  /** A row without unit, quantity or price is a section when it is numbered (in its own column or in its title). */
  private sectionTitle(
    article: string | null,
    designation: string | null,
  ): { number: SectionNumber | null; title: string } | null {
    const styles = this.levels.styles;
    const numbered = article ? sectionNumberOf(article, styles) : null;
    if (numbered && designation) return { number: numbered, title: designation };
    if (designation) {
      const leading = leadingSectionNumber(designation, styles);
      if (leading) return { number: leading.number, title: leading.rest };
    }
    if (article && !designation && !numbered && article.length > 3) return { number: null, title: article };
    return null;
  }

  private openSection(number: SectionNumber | null, title: string): void {
    const innermost = this.open.at(-1);
    // An unnumbered title is a sibling of the innermost open section.
    const level = number ? this.levels.levelOf(number) : innermost === undefined ? 1 : this.sections[innermost].level;
    while (this.open.length > 0 && this.sections[this.open[this.open.length - 1]].level >= level) this.open.pop();
    const parent = this.open.at(-1) ?? null;
    this.sections.push({ number: number?.text ?? null, title, level, parent, elements: [] });
    this.open.push(this.sections.length - 1);
  }

  private addElement(element: ParsedElement): void {
    // Lines above the first title belong to a section named after nothing: an untitled top section.
    if (this.open.length === 0) this.openSection(null, '(sans section)');
    const section = this.open[this.open.length - 1];
    if (this.streamed) this.pending.push([section, element]);
    else this.sections[section].elements.push(element);
    this.elementCount += 1;
  }
}

/** A cell's value as trimmed text, null when empty (a row's function, not a closure: it runs for every cell). */
function cellText(cells: CellValue[], column: number | null): string | null {
  if (column === null || column >= cells.length) return null;
  const value = cells[column];
  if (value === null) return null;
  const written = typeof value === 'string' ? value.trim() : String(value);
  return written.length > 0 ? written : null;
}

function cellNumber(cells: CellValue[], column: number | null): number | null {
  return column === null || column >= cells.length ? null : parseFrenchNumber(cells[column]);
}

/**
 * The element a priced row makes: a lump sum (`forfait`, `ens`) without quantity counts 1; the missing one of
 * quantity, unit price and total is computed from the other two; three that disagree are kept and flagged.
 */
export function pricedElement(row: Omit<ParsedElement, 'mismatch'>): ParsedElement {
  let { quantity, unitPrice, total } = row;
  if (quantity === null && isLumpSumUnit(row.unit)) quantity = 1;
  if (total === null && quantity !== null && unitPrice !== null) total = round(quantity * unitPrice, 2);
  else if (unitPrice === null && quantity !== null && quantity !== 0 && total !== null)
    unitPrice = round(total / quantity, 2);
  else if (quantity === null && unitPrice !== null && unitPrice !== 0 && total !== null && row.unit !== null)
    quantity = round(total / unitPrice, 3);
  const mismatch =
    quantity !== null &&
    unitPrice !== null &&
    total !== null &&
    Math.abs(quantity * unitPrice - total) > 0.01 + Math.abs(total) * 1e-6;
  // Written out rather than spread (this runs for every element), keys in the order a spread gave them.
  return {
    article: row.article,
    designation: row.designation,
    unit: row.unit,
    quantity: quantity === null ? null : round(quantity, 3),
    unitPrice: unitPrice === null ? null : round(unitPrice, 2),
    total: total === null ? null : round(total, 2),
    row: row.row,
    mismatch,
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
