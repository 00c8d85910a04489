import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes read from the file at a time: strings asked for in the order they were written cost one read per window. */
const WINDOW_BYTES = 1024 * 1024;

/**
 * An anonymous temporary file that bytes are appended to and read back from by offset, so that a large table
 * lives in the kernel's page cache (reclaimable, not counted in the process's RSS) instead of the heap. The file
 * is unlinked as soon as it is opened: nothing is left behind when the process dies, and only the descriptor can
 * reach it. Reads go through a window: a workbook's cells ask for its shared strings mostly in the order they were
 * written (Excel writes the table in first-use order), so most reads are served from the last one.
 */
export class SpillFile {
  private readonly fd: number;
  private size = 0;
  private readonly window = Buffer.allocUnsafe(WINDOW_BYTES);
  private windowStart = 0;
  private windowEnd = 0;
  private closed = false;

  constructor(directory = tmpdir()) {
    const path = join(directory, `relais-spill-${process.pid}-${randomBytes(6).toString('hex')}`);
    // 'wx+': created here, never an existing file (a name guessed ahead by another user of the folder).
    this.fd = openSync(path, 'wx+', 0o600);
    unlinkSync(path);
  }

  /** Appends `bytes[start, end)`; returns the offset they start at. */
  append(bytes: Buffer, start: number, end: number): number {
    this.assertOpen();
    const offset = this.size;
    let written = 0;
    while (written < end - start) {
      written += writeSync(this.fd, bytes, start + written, end - start - written, offset + written);
    }
    this.size += end - start;
    return offset;
  }

  /** The UTF-8 text of `length` bytes at `offset`. */
  text(offset: number, length: number): string {
    this.assertOpen();
    if (offset >= this.windowStart && offset + length <= this.windowEnd) {
      return this.window.toString('utf8', offset - this.windowStart, offset - this.windowStart + length);
    }
    if (length > WINDOW_BYTES) {
      const bytes = Buffer.allocUnsafe(length);
      this.readFully(bytes, length, offset);
      return bytes.toString('utf8');
    }
    const wanted = Math.min(WINDOW_BYTES, this.size - offset);
    this.readFully(this.window, wanted, offset);
    this.windowStart = offset;
    this.windowEnd = offset + wanted;
    return this.window.toString('utf8', 0, length);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private readFully(into: Buffer, length: number, offset: number): void {
    let read = 0;
    while (read < length) {
      const got = readSync(this.fd, into, read, length - read, offset + read);
      if (got === 0) throw new Error(`spill file ends at ${offset + read} bytes, ${length - read} short`);
      read += got;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('spill file is closed');
  }
}
