/** Bytes per block of stored text: large enough for any one string of a sane workbook, small enough to waste little. */
const BLOCK_BYTES = 8 * 1024 * 1024;
/** Strings up to this many bytes are decoded once and kept: units, prices and article numbers repeat by thousands. */
const KEPT_DECODED_BYTES = 16;
/** Short strings kept at most (a 300 000-row schedule's article numbers are short too, and each is asked for once). */
const MAX_KEPT_DECODED = 4096;

/**
 * A workbook's shared strings table, stored as UTF-8 in large blocks with an offset per string: a 50 MB
 * workbook's table (300 000 designations of a few hundred characters) then costs its bytes and 12 per string,
 * instead of a JavaScript string each (headers, sliced parents, UTF-16 for any accent past Latin-1). A string is
 * decoded when a cell asks for it — most are asked for once.
 */
export class SharedStrings {
  private readonly blocks: Buffer[] = [];
  private block: Buffer = Buffer.alloc(0);
  private used = 0;
  /** Where the string being added starts in `block`. */
  private stringStart = 0;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private blockOf = new Int32Array(1024);
  private count = 0;
  /** The short strings decoded so far, by index. */
  private readonly decoded = new Map<number, string>();
  private readonly firstBlockBytes: number;

  /**
   * `expectedBytes` (the table's XML size, which its text cannot exceed) sizes the first block: a small workbook's
   * table then costs its own size, not a whole block (allocating 8 MB per file cost more than its sheet's XML).
   */
  constructor(expectedBytes = BLOCK_BYTES) {
    this.firstBlockBytes = Math.min(BLOCK_BYTES, Math.max(1024, expectedBytes));
  }

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    this.begin();
    this.appendText(text);
    this.end();
  }

  /** Starts the next string, to be given in parts (a rich text's runs) and ended with `end`. */
  begin(): void {
    this.stringStart = this.used;
  }

  /** Appends UTF-8 bytes to the string begun: copied as they are, never decoded (most strings are one run). */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.block.set(bytes.subarray(start, end), this.used);
    this.used += end - start;
  }

  appendText(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    this.reserve(length);
    this.block.write(text, this.used, 'utf8');
    this.used += length;
  }

  end(): void {
    if (this.count === this.starts.length) this.grow();
    this.blockOf[this.count] = this.blocks.length - 1;
    this.starts[this.count] = this.stringStart;
    this.ends[this.count] = this.used;
    this.count += 1;
  }

  /** The string at that index, or null past the table's end (a cell pointing nowhere). */
  at(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    const [start, end] = [this.starts[index], this.ends[index]];
    if (end - start > KEPT_DECODED_BYTES) return this.blocks[this.blockOf[index]].toString('utf8', start, end);
    let text = this.decoded.get(index);
    if (text === undefined) {
      text = this.blocks[this.blockOf[index]].toString('utf8', start, end);
      if (this.decoded.size >= MAX_KEPT_DECODED) this.decoded.clear();
      this.decoded.set(index, text);
    }
    return text;
  }

  /** Room for `length` more bytes of the current string: a new block when full, the string's start moved into it. */
  private reserve(length: number): void {
    if (this.used + length <= this.block.length) return;
    const begun = this.used - this.stringStart;
    const wanted = this.blocks.length === 0 ? this.firstBlockBytes : BLOCK_BYTES;
    const block = Buffer.allocUnsafe(Math.max(wanted, begun + length));
    this.block.copy(block, 0, this.stringStart, this.used);
    this.blocks.push(block);
    this.block = block;
    this.stringStart = 0;
    this.used = begun;
  }

  private grow(): void {
    const grown = (array: Int32Array): Int32Array<ArrayBuffer> => {
      const bigger = new Int32Array(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    this.starts = grown(this.starts);
    this.ends = grown(this.ends);
    this.blockOf = grown(this.blockOf);
  }
}
