import type { SaxesTagPlain } from 'saxes';
import type { CellValue, SheetRow } from './sheet-row';
import type { WorkbookParts } from './workbook-parts';
import { attributeOf, type XmlListener } from './xml-part.reader';

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Excel's last column (XFD): a reference past it is not a worksheet's. */
const MAX_COLUMNS = 16_384;

/**
 * Turns a worksheet's XML (`<row r hidden><c r t s><v>…</v></c></row>`) into rows, gathered in `rows` until the
 * reader takes them. A cell's value is its cached one: a formula is never evaluated, its last result (`<v>`) is
 * read; a shared string is looked up, an inline string's runs joined, a boolean is oui/non, an error (#REF!) is
 * empty, a number in a date style is a YYYY-MM-DD date. A merged range keeps its value in its top-left cell, the
 * others are empty in the XML. Rows without any value are left out.
 */
export class SheetRowsListener implements XmlListener {
  /** Rows read and not yet taken. */
  rows: SheetRow[] = [];
  private row: { number: number; hidden: boolean; cells: CellValue[]; filled: boolean } | null = null;
  private lastRow = 0;
  private cell: { column: number; type: string; style: number } | null = null;
  private lastColumn = -1;
  private capture = false;
  private written = '';

  constructor(private readonly parts: WorkbookParts) {}

  open(tag: SaxesTagPlain): void {
    switch (tag.name) {
      case 'row': {
        const number = tag.attributes.r ? Number(tag.attributes.r) : this.lastRow + 1;
        this.lastRow = number;
        this.lastColumn = -1;
        const hidden = tag.attributes.hidden === '1' || tag.attributes.hidden === 'true';
        this.row = { number, hidden, cells: [], filled: false };
        break;
      }
      case 'c': {
        const column = tag.attributes.r ? columnIndex(tag.attributes.r) : this.lastColumn + 1;
        if (column < 0 || column >= MAX_COLUMNS) throw new Error(`cell reference ${tag.attributes.r} is out of range`);
        this.lastColumn = column;
        this.cell = { column, type: attributeOf(tag, 't') ?? 'n', style: Number(attributeOf(tag, 's') ?? 0) };
        this.written = '';
        break;
      }
      case 'v':
      case 't': // an inline string's text (`<is><t>` or its rich-text runs `<is><r><t>`)
        this.capture = this.cell !== null;
        break;
      case 'rPh': // a phonetic guide inside an inline string: not part of its text
        this.capture = false;
        break;
    }
  }

  text(text: string): void {
    if (this.capture) this.written += text;
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.capture = false;
    else if (name === 'c' && this.cell && this.row) {
      const value = this.valueOf(this.cell, this.written);
      if (value !== null) {
        this.row.cells[this.cell.column] = value;
        this.row.filled = true;
      }
      this.cell = null;
    } else if (name === 'row' && this.row) {
      if (this.row.filled)
        this.rows.push({
          number: this.row.number,
          hidden: this.row.hidden,
          cells: Array.from(this.row.cells, (value) => value ?? null),
        });
      this.row = null;
    }
  }

  private valueOf(cell: { type: string; style: number }, text: string): CellValue {
    switch (cell.type) {
      case 's':
        return text.length > 0 ? this.parts.sharedStrings.at(Number(text)) : null;
      case 'inlineStr':
      case 'str':
        return text;
      case 'b':
        return text.length === 0 ? null : text === '1' || text === 'true' ? 'oui' : 'non';
      case 'e':
        return null;
      case 'd':
        return text.length >= 10 ? text.slice(0, 10) : null;
      default: {
        if (text.length === 0) return null;
        const number = Number(text);
        if (!Number.isFinite(number)) return null;
        return this.parts.dateStyles[cell.style] ? this.dateOf(number) : number;
      }
    }
  }

  private dateOf(serial: number): string | null {
    const date = new Date((this.parts.date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(serial * DAY_MS));
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
}

/** `AB12` → 27: the 0-based column of a cell reference. */
function columnIndex(reference: string): number {
  let column = 0;
  for (const character of reference) {
    const code = character.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}
