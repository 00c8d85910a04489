import type { CellValue, SheetRow } from './sheet-row';
import type { WorkbookParts } from './workbook-parts';
import type { XmlListener, XmlTag } from './xml-part.reader';

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
  /** The row being read: its cells are filled in column order, gaps with null. */
  private row: SheetRow | null = null;
  private filled = false;
  private lastRow = 0;
  private inCell = false;
  private cellColumn = 0;
  private cellType = 'n';
  private cellStyle = 0;
  private lastColumn = -1;
  private capture = false;
  private written = '';

  constructor(private readonly parts: WorkbookParts) {}

  open(tag: XmlTag): void {
    switch (tag.name) {
      case 'row': {
        const reference = tag.attribute('r');
        const number = reference ? Number(reference) : this.lastRow + 1;
        this.lastRow = number;
        this.lastColumn = -1;
        const hidden = tag.attribute('hidden');
        this.row = { number, hidden: hidden === '1' || hidden === 'true', cells: [] };
        this.filled = false;
        break;
      }
      case 'c': {
        const reference = tag.attribute('r');
        const column = reference ? columnIndex(reference) : this.lastColumn + 1;
        if (column < 0 || column >= MAX_COLUMNS) throw new Error(`cell reference ${reference} is out of range`);
        this.lastColumn = column;
        this.inCell = true;
        this.cellColumn = column;
        this.cellType = tag.attribute('t') ?? 'n';
        const style = tag.attribute('s');
        this.cellStyle = style === undefined ? 0 : Number(style);
        this.written = '';
        break;
      }
      case 'v':
      case 't': // an inline string's text (`<is><t>` or its rich-text runs `<is><r><t>`)
        this.capture = this.inCell;
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
    else if (name === 'c' && this.inCell) {
      this.inCell = false;
      const row = this.row;
      if (!row) return;
      const value = this.valueOf(this.cellType, this.cellStyle, this.written);
      if (value === null) return;
      const cells = row.cells;
      const column = this.cellColumn;
      while (cells.length < column) cells.push(null);
      cells[column] = value;
      this.filled = true;
    } else if (name === 'row' && this.row) {
      if (this.filled) this.rows.push(this.row);
      this.row = null;
    }
  }

  private valueOf(type: string, style: number, text: string): CellValue {
    switch (type) {
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
        return this.parts.dateStyles[style] ? this.dateOf(number) : number;
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
  for (let index = 0; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}
