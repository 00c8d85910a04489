import { SpillFile } from './spill-file';

/** Bytes per block of stored text: large enough for any one string of a sane workbook, small enough to waste little. */
const BLOCK_BYTES = 8 * 1024 * 1024;
/** Strings up to this many bytes are decoded once and kept: units, prices and article numbers repeat by thousands. */
const KEPT_DECODED_BYTES = 16;
/** Short strings kept at most (a 300 000-row schedule's article numbers are short too, and each is asked for once). */
const MAX_KEPT_DECODED = 4096;
/**
 * A table whose XML is larger than this keeps its text in a temporary file (SpillFile) rather than in memory: the
 * 53 MB workbook's 141 MB of designations were most of its import's peak RSS (399–468 MB against a 400 MB target).
 */
export const SPILL_OVER_BYTES = 16 * 1024 * 1024;

export interface SharedStringsOptions {
  /** The table's XML size, which its text cannot exceed (sizes the first block, decides the spill). */
  expectedBytes?: number;
  /** Above this expected size, full blocks go to a temporary file (default SPILL_OVER_BYTES). */
  spillOverBytes?: number;
  /** Bytes per block (default 8 MB; smaller in tests). */
  blockBytes?: number;
}

/**
 * A workbook's shared strings table, stored as UTF-8 in large blocks with an offset per string: a 50 MB
 * workbook's table (300 000 designations of a few hundred characters) then costs its bytes and 12 per string,
 * instead of a JavaScript string each (headers, sliced parents, UTF-16 for any accent past Latin-1). A string is
 * decoded when a cell asks for it — most are asked for once.
 */
export class SharedStrings {
  /** The blocks kept in memory, by block index (a spilled table keeps none but the current one). */
  private readonly blocks: Buffer[] = [];
  /** A spilled table's file, and where each of its full blocks starts in it, by block index. */
  private readonly spill: SpillFile | null;
  private readonly spilledAt: number[] = [];
  /** How many blocks were started; the current one is the last. */
  private blockCount = 0;
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
  private readonly blockBytes: number;

  /**
   * `expectedBytes` sizes the first block: a small workbook's table then costs its own size, not a whole block
   * (allocating 8 MB per file cost more than its sheet's XML). A table expected over `spillOverBytes` is spilled:
   * call `close()` when done with it.
   */
  constructor(options: SharedStringsOptions = {}) {
    this.blockBytes = options.blockBytes ?? BLOCK_BYTES;
    const expectedBytes = options.expectedBytes ?? this.blockBytes;
    this.firstBlockBytes = Math.min(this.blockBytes, Math.max(1024, expectedBytes));
    this.spill = expectedBytes > (options.spillOverBytes ?? SPILL_OVER_BYTES) ? new SpillFile() : null;
  }

  /** Whether the table's text is kept in a temporary file. */
  get spilled(): boolean {
    return this.spill !== null;
  }

  /** Frees the temporary file of a spilled table (strings can no longer be read); harmless otherwise. */
  close(): void {
    this.spill?.close();
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
    this.blockOf[this.count] = this.blockCount - 1;
    this.starts[this.count] = this.stringStart;
    this.ends[this.count] = this.used;
    this.count += 1;
  }

  /** The string at that index, or null past the table's end (a cell pointing nowhere). */
  at(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    if (this.ends[index] - this.starts[index] > KEPT_DECODED_BYTES) return this.read(index);
    let text = this.decoded.get(index);
    if (text === undefined) {
      text = this.read(index);
      if (this.decoded.size >= MAX_KEPT_DECODED) this.decoded.clear();
      this.decoded.set(index, text);
    }
    return text;
  }

  private read(index: number): string {
    const [block, start, end] = [this.blockOf[index], this.starts[index], this.ends[index]];
    // An empty string may come before any block exists (a table whose first <si> is empty).
    if (start === end) return '';
    if (this.spill === null) return this.blocks[block].toString('utf8', start, end);
    if (block === this.blockCount - 1) return this.block.toString('utf8', start, end);
    return this.spill.text(this.spilledAt[block] + start, end - start);
  }

  /** Room for `length` more bytes of the current string: a new block when full, the string's start moved into it. */
  private reserve(length: number): void {
    if (this.used + length <= this.block.length) return;
    const begun = this.used - this.stringStart;
    const size = Math.max(this.blockCount === 0 ? this.firstBlockBytes : this.blockBytes, begun + length);
    if (this.spill !== null && this.blockCount > 0) {
      // The full block's finished strings go to the file; its buffer is reused when it is large enough.
      this.spilledAt[this.blockCount - 1] = this.spill.append(this.block, 0, this.stringStart);
      if (this.block.length >= size) {
        this.block.copyWithin(0, this.stringStart, this.used);
        this.startBlock(this.block, begun);
        return;
      }
    }
    const block = Buffer.allocUnsafe(size);
    this.block.copy(block, 0, this.stringStart, this.used);
    if (this.spill === null) this.blocks.push(block);
    this.startBlock(block, begun);
  }

  private startBlock(block: Buffer, begun: number): void {
    this.block = block;
    this.blockCount += 1;
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
