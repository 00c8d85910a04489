import type { CellValue, SheetRow } from './sheet-row';
import type { WorkbookParts } from './workbook-parts';
import type { XmlListener, XmlTag, XmlText } from './xml-part.reader';

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Excel's last column (XFD): a reference past it is not a worksheet's. */
const MAX_COLUMNS = 16_384;
const EMPTY = Buffer.alloc(0);

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
  private cellType = CellType.Number;
  private cellStyle = 0;
  private lastColumn = -1;
  private capture = false;
  /** The cell's text when it came in more than one text node (or had entities); else read from `value`. */
  private written: string | null = null;
  /** The cell's single text node, read from its bytes: a number or an index, without a string. */
  private readonly value: { bytes: Buffer; start: number; end: number; found: boolean } = {
    bytes: EMPTY,
    start: 0,
    end: 0,
    found: false,
  };

  constructor(private readonly parts: WorkbookParts) {}

  open(tag: XmlTag): void {
    switch (tag.name) {
      case 'row': {
        const number = hasValue(tag, 'r') ? integerOf(tag.bytes, tag.valueStart, tag.valueEnd) : this.lastRow + 1;
        if (Number.isNaN(number)) throw new Error(`row number ${tag.attribute('r')} is not a number`);
        this.lastRow = number;
        this.lastColumn = -1;
        const hidden = tag.attributeBytes('hidden') && isTrue(tag.bytes, tag.valueStart, tag.valueEnd);
        this.row = { number, hidden, cells: [] };
        this.filled = false;
        break;
      }
      case 'c': {
        const column = hasValue(tag, 'r') ? columnIndex(tag.bytes, tag.valueStart, tag.valueEnd) : this.lastColumn + 1;
        if (column < 0 || column >= MAX_COLUMNS)
          throw new Error(`cell reference ${tag.attribute('r')} is out of range`);
        this.lastColumn = column;
        this.inCell = true;
        this.cellColumn = column;
        this.cellType = tag.attributeBytes('t') ? cellTypeOf(tag.bytes, tag.valueStart, tag.valueEnd) : CellType.Number;
        this.cellStyle = tag.attributeBytes('s') ? integerOf(tag.bytes, tag.valueStart, tag.valueEnd) : 0;
        this.written = null;
        this.value.found = false;
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

  text(text: XmlText): void {
    if (!this.capture) return;
    const value = this.value;
    if (this.written === null && !value.found && !text.hasEntities) {
      value.bytes = text.bytes;
      value.start = text.start;
      value.end = text.end;
      value.found = true;
      return;
    }
    // A second text node (rich-text runs, a comment inside <v>) or entities: read as a string.
    const before = this.written ?? (value.found ? utf8(value.bytes, value.start, value.end) : '');
    value.found = false;
    this.written = before + text.decoded();
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.capture = false;
    else if (name === 'c' && this.inCell) {
      this.inCell = false;
      const row = this.row;
      if (!row) return;
      const value = this.valueOf();
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

  private valueOf(): CellValue {
    const { value } = this;
    switch (this.cellType) {
      case CellType.Shared: {
        if (!value.found) return this.written ? this.parts.sharedStrings.at(Number(this.written)) : null;
        const index = integerOf(value.bytes, value.start, value.end);
        return this.parts.sharedStrings.at(Number.isNaN(index) ? Number(this.writtenText()) : index);
      }
      case CellType.String:
        return this.writtenText();
      case CellType.Boolean: {
        const text = this.writtenText();
        return text.length === 0 ? null : text === '1' || text === 'true' ? 'oui' : 'non';
      }
      case CellType.Error:
        return null;
      case CellType.Date: {
        const text = this.writtenText();
        return text.length >= 10 ? text.slice(0, 10) : null;
      }
      default: {
        if (this.written === null && !value.found) return null;
        const number = value.found ? numberOf(value.bytes, value.start, value.end) : numberOfText(this.written ?? '');
        if (!Number.isFinite(number)) return null;
        return this.parts.dateStyles[this.cellStyle] ? this.dateOf(number) : number;
      }
    }
  }

  private writtenText(): string {
    const { value } = this;
    return this.written ?? (value.found ? utf8(value.bytes, value.start, value.end) : '');
  }

  private dateOf(serial: number): string | null {
    const date = new Date((this.parts.date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(serial * DAY_MS));
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
}

/** A cell's `t` attribute: how its value is written. */
const enum CellType {
  Number,
  Shared,
  String,
  Boolean,
  Error,
  Date,
}

/** `s`, `str`, `inlineStr`, `b`, `e`, `d`, `n`, compared as bytes (a string per cell cost more than the rest of it). */
function cellTypeOf(bytes: Buffer, start: number, end: number): CellType {
  if (end - start === 1)
    switch (bytes[start]) {
      case 115: // s
        return CellType.Shared;
      case 98: // b
        return CellType.Boolean;
      case 101: // e
        return CellType.Error;
      case 100: // d
        return CellType.Date;
      default:
        return CellType.Number;
    }
  const type = utf8(bytes, start, end);
  return type === 'str' || type === 'inlineStr' ? CellType.String : CellType.Number;
}

/** `AB12` → 27: the 0-based column of a cell reference. */
function columnIndex(bytes: Buffer, start: number, end: number): number {
  let column = 0;
  for (let index = start; index < end; index += 1) {
    const code = bytes[index];
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

/** A non-negative decimal integer (`12`), NaN for anything else (an index or row number that is not one). */
function integerOf(bytes: Buffer, start: number, end: number): number {
  if (end === start || end - start > 15) return NaN;
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const digit = bytes[index] - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A `<v>` number read from its bytes: `-12.5` as exactly as Number() reads it (an integer of up to 15 digits
 * divided by a power of ten is correctly rounded); anything else (exponents, spaces, long fractions) through Number().
 */
function numberOf(bytes: Buffer, start: number, end: number): number {
  let index = start;
  const negative = bytes[index] === 45; // -
  if (negative) index += 1;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; index < end; index += 1) {
    const code = bytes[index];
    if (code === 46 && decimals < 0)
      decimals = 0; // .
    else if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits += 1;
      if (decimals >= 0) decimals += 1;
    } else break;
  }
  if (index !== end || digits === 0 || digits > 15) return numberOfText(utf8(bytes, start, end));
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
  return negative ? -value : value;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power);

function numberOfText(text: string): number {
  return text.length === 0 ? NaN : Number(text);
}

/** The tag carries the attribute, not empty (then in tag.valueStart…valueEnd). */
function hasValue(tag: XmlTag, name: string): boolean {
  return tag.attributeBytes(name) && tag.valueEnd > tag.valueStart;
}

/** `1` or `true`, as a boolean attribute is written. */
function isTrue(bytes: Buffer, start: number, end: number): boolean {
  const length = end - start;
  return (length === 1 && bytes[start] === 49) || (length === 4 && utf8(bytes, start, end) === 'true');
}

function utf8(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end);
}
