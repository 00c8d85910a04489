import { readFile, stat } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** More entries than any workbook holds: past it the file is refused before anything is read. */
export const MAX_ZIP_ENTRIES = 10_000;
/** Files up to this size are read into memory at once: their parts are then inflated without a thread hop. */
export const BUFFERED_UP_TO_BYTES = 8 * 1024 * 1024;
/** A buffered file's part inflating to more than this is streamed all the same (memory stays bounded). */
const INFLATED_AT_ONCE_UP_TO_BYTES = 16 * 1024 * 1024;
/** A part inflated at once is handed on in slices of about this length (each ends after a `>`). */
const SLICE_BYTES = 256 * 1024;
const GT = 62;

const STORED = 0;
const DEFLATED = 8;

/**
 * A zip file opened for random access (the central directory read once): a workbook's parts are read in the
 * order they are needed (shared strings before the sheets), whatever their order in the file. A small file is
 * read whole and each part inflated synchronously (a 90 kB workbook: async zlib's thread hops cost more than
 * its XML); a large one is read from disk and each part streamed. Sizes are checked against the central
 * directory (yauzl's validateEntrySizes, or the inflated length), so a part cannot inflate past what it declares.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
    private readonly buffer: Buffer | null,
  ) {}

  /** Opens the zip and reads its central directory; a file up to `bufferUpToBytes` is read into memory. */
  static async open(path: string, bufferUpToBytes = BUFFERED_UP_TO_BYTES): Promise<ZipArchive> {
    const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true };
    const buffer = (await stat(path)).size <= bufferUpToBytes ? await readFile(path) : null;
    const zip = await new Promise<ZipFile>((resolve, reject) => {
      const opened = (error: Error | null, file: ZipFile): void => (error ? reject(error) : resolve(file));
      if (buffer) yauzl.fromBuffer(buffer, options, opened);
      else yauzl.open(path, options, opened);
    });
    try {
      return new ZipArchive(zip, await entriesOf(zip), buffer);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The entry of that name (`xl/workbook.xml`), if the zip has one. */
  entry(name: string): Entry | undefined {
    return this.entries.get(name);
  }

  /**
   * The entry's content as bytes, in chunks (a stopped iteration closes its stream). A part inflated at once is
   * sliced just after a `>`, so that the XML scanner rarely has a cut token to carry over (and copy) to the next.
   */
  async *bytes(entry: Entry): AsyncGenerator<Uint8Array> {
    if (this.buffer && entry.uncompressedSize <= INFLATED_AT_ONCE_UP_TO_BYTES) {
      const inflated = await this.inflatedAtOnce(this.buffer, entry);
      for (let start = 0; start < inflated.length;) {
        const gt = inflated.indexOf(GT, start + SLICE_BYTES);
        const end = gt < 0 ? inflated.length : gt + 1;
        yield inflated.subarray(start, end);
        start = end;
      }
      return;
    }
    const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, opened) => (error ? reject(error) : resolve(opened))),
    );
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }

  private async inflatedAtOnce(buffer: Buffer, entry: Entry): Promise<Buffer> {
    if (entry.isEncrypted()) throw new Error(`${entry.fileName} is encrypted`);
    const { fileDataStart } = await this.zip.readLocalFileHeaderPromise(entry, { minimal: true });
    const raw = buffer.subarray(fileDataStart, fileDataStart + entry.compressedSize);
    if (raw.length !== entry.compressedSize) throw new Error(`${entry.fileName} is cut short`);
    let inflated: Buffer;
    if (entry.compressionMethod === STORED) inflated = raw;
    else if (entry.compressionMethod === DEFLATED)
      // One output chunk of the listed size: zlib's default 16 kB chunks were concatenated, a copy of the whole part.
      inflated = inflateRawSync(raw, {
        maxOutputLength: entry.uncompressedSize + 1,
        chunkSize: Math.max(64, entry.uncompressedSize + 1),
      });
    else throw new Error(`${entry.fileName} uses compression method ${entry.compressionMethod}`);
    if (inflated.length !== entry.uncompressedSize)
      throw new Error(
        `${entry.fileName} inflates to ${inflated.length} bytes, not the ${entry.uncompressedSize} listed`,
      );
    return inflated;
  }
}

async function entriesOf(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      if (found.size >= MAX_ZIP_ENTRIES) {
        reject(new Error(`more than ${MAX_ZIP_ENTRIES} entries`));
        return;
      }
      found.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(found));
    zip.once('error', reject);
    zip.readEntry();
  });
}
