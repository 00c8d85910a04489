/** Bytes per block of stored text: large enough for any one string of a sane workbook, small enough to waste little. */
const BLOCK_BYTES = 8 * 1024 * 1024;

/**
 * A workbook's shared strings table, stored as UTF-8 in large blocks with an offset per string: a 50 MB
 * workbook's table (300 000 designations of a few hundred characters) then costs its bytes and 12 per string,
 * instead of a JavaScript string each (headers, sliced parents, UTF-16 for any accent past Latin-1). A string is
 * decoded when a cell asks for it — most are asked for once.
 */
export class SharedStrings {
  private readonly blocks: Buffer[] = [];
  private used = BLOCK_BYTES;
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private blockOf = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.used + length > BLOCK_BYTES) {
      this.blocks.push(Buffer.allocUnsafe(Math.max(BLOCK_BYTES, length)));
      this.used = 0;
    }
    if (this.count === this.starts.length) this.grow();
    const block = this.blocks[this.blocks.length - 1];
    block.write(text, this.used, 'utf8');
    this.blockOf[this.count] = this.blocks.length - 1;
    this.starts[this.count] = this.used;
    this.ends[this.count] = this.used + length;
    this.used += length;
    this.count += 1;
  }

  /** The string at that index, or null past the table's end (a cell pointing nowhere). */
  at(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    return this.blocks[this.blockOf[index]].toString('utf8', this.starts[index], this.ends[index]);
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
