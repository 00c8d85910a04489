import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testTempDir } from '../../../../test/support/test-env';
import { HashingEmbedder } from '../embedding/hashing.embedder';
import { resolveIngestSettings } from '../ingest-settings';
import { createDocumentReader, type OwnedDocumentReader } from '../parsing/document-reader';
import { prepareDocument, preparedDocumentBytes } from './prepared-document';
import { ReadAhead, type ReadAheadOptions } from './read-ahead';

const CHUNKING = { chunkSize: 200, chunkOverlap: 40 };

/** A text of a few chunks, different for each `n`. */
const textOf = (n: number): string =>
  Array.from(
    { length: 6 },
    (_, paragraph) => `Manual ${n}, section ${paragraph}: the pump of unit ${n} needs its filter cleaned every season.`,
  ).join('\n\n');

const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');

describe('ReadAhead', () => {
  const embedder = new HashingEmbedder(64);
  let owned: OwnedDocumentReader;
  let folder: string;

  beforeAll(async () => {
    owned = createDocumentReader(resolveIngestSettings());
    folder = await testTempDir('read-ahead-');
  });
  afterAll(() => owned.close());

  /** `count` text files named `<prefix>-<n>.txt`, each with its own text. */
  const files = async (prefix: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, async (_, n) => {
        const path = join(folder, `${prefix}-${n}.txt`);
        await writeFile(path, textOf(n));
        return { path, source: `${prefix}/${n}.txt`, content: textOf(n) };
      }),
    );
  const readAhead = (options: Partial<ReadAheadOptions> = {}) =>
    new ReadAhead({
      reader: owned.reader,
      embedder,
      files: 4,
      maxBytes: 16 * 1024 * 1024,
      maxFileBytes: 1024 * 1024,
      ...options,
    });

  it('hands a run the file it prepared from the same bytes: the chunks and vectors the run would have made', async () => {
    const [file] = await files('hit', 1);
    const cache = readAhead();
    cache.hint([file], CHUNKING);
    await cache.whenIdle();

    const taken = await cache.take(file.source, sha256(file.content), CHUNKING);

    const own = await prepareDocument(
      { reader: owned.reader, embedder },
      Buffer.from(file.content),
      file.source,
      CHUNKING,
    );
    expect(taken).toEqual(own);
    expect(taken?.chunks.length).toBeGreaterThan(1);
    expect(cache.stats).toMatchObject({ prepared: 1, hits: 1, stale: 0 });
    // Used once: the entry is gone, and so is its memory.
    expect(await cache.take(file.source, sha256(file.content), CHUNKING)).toBeNull();
    expect(cache.bytesKept).toBe(0);
  });

  it('misses, and drops what it prepared, when the file changed since, or the chunking is not the same', async () => {
    const [changed, rechunked] = await files('stale', 2);
    const cache = readAhead();
    cache.hint([changed, rechunked], CHUNKING);
    await cache.whenIdle();
    const newText = `${changed.content}\n\nA paragraph added after the read-ahead read the file.`;
    await writeFile(changed.path, newText);

    expect(await cache.take(changed.source, sha256(newText), CHUNKING)).toBeNull();
    expect(
      await cache.take(rechunked.source, sha256(rechunked.content), { chunkSize: 300, chunkOverlap: 40 }),
    ).toBeNull();

    expect(cache.stats).toMatchObject({ prepared: 2, hits: 0, stale: 2 });
    expect(cache.bytesKept).toBe(0);
  });

  it('prepares only a window ahead of the furthest file taken, moves it as runs take files, in any order', async () => {
    const batch = await files('window', 10);
    const cache = readAhead({ files: 3 });
    cache.hint(batch, CHUNKING);
    await cache.whenIdle();
    expect(cache.stats.prepared).toBe(3);

    // A run takes the second file (the first went to another process): the window now ends at the fifth.
    expect(await cache.take(batch[1].source, sha256(batch[1].content), CHUNKING)).not.toBeNull();
    await cache.whenIdle();
    expect(cache.stats.prepared).toBe(5);

    // A run takes a file not prepared yet: a miss, and the read-ahead skips it.
    expect(await cache.take(batch[7].source, sha256(batch[7].content), CHUNKING)).toBeNull();
    await cache.whenIdle();
    // Files 6, 7, 9 and 10 (the end) are within reach now. Files 1, 3, 4 and 5, passed by the runs, are kept: the
    // runs of a batch do not start in order, theirs may come yet.
    expect(cache.stats).toMatchObject({ prepared: 9, hits: 1, dropped: 0 });
    expect(await cache.take(batch[0].source, sha256(batch[0].content), CHUNKING)).not.toBeNull();
  });

  it('keeps within its memory bound, preparing no more than fits, and leaves large files to their runs', async () => {
    const batch = await files('bound', 4);
    const one = preparedDocumentBytes(
      await prepareDocument(
        { reader: owned.reader, embedder },
        Buffer.from(batch[0].content),
        batch[0].source,
        CHUNKING,
      ),
    );
    const cache = readAhead({ files: 10, maxBytes: Math.floor(one * 1.5) });
    cache.hint(batch, CHUNKING);
    await cache.whenIdle();

    // One file fits, so the read-ahead stops after one: it does not prepare files only to drop them.
    expect(cache.stats.prepared).toBe(1);
    expect(cache.bytesKept).toBeLessThanOrEqual(Math.floor(one * 1.5));
    expect(await cache.take(batch[0].source, sha256(batch[0].content), CHUNKING)).not.toBeNull();
    await cache.whenIdle();
    expect(cache.stats).toMatchObject({ prepared: 2, dropped: 0 });
    expect(cache.bytesKept).toBeLessThanOrEqual(Math.floor(one * 1.5));

    const small = readAhead({ maxFileBytes: 100 });
    small.hint(batch, CHUNKING);
    await small.whenIdle();
    expect(small.stats.prepared).toBe(0);
  });

  it('drops what no run took within 5 minutes (its run went to another worker process)', async () => {
    const batch = await files('old', 2);
    let clock = 1_000_000;
    const cache = readAhead({ now: () => clock });
    cache.hint(batch, CHUNKING);
    await cache.whenIdle();
    expect(cache.bytesKept).toBeGreaterThan(0);

    clock += 5 * 60 * 1000 + 1;
    expect(await cache.take('old/elsewhere.txt', sha256('other bytes'), CHUNKING)).toBeNull();

    expect(cache.stats).toMatchObject({ prepared: 2, dropped: 2 });
    expect(cache.bytesKept).toBe(0);
  });

  it('counts a file it cannot prepare and goes on: the run meets the failure and records it', async () => {
    const [good] = await files('failing', 1);
    const cache = readAhead();
    cache.hint([{ path: join(folder, 'gone.txt'), source: 'failing/gone.txt' }, good], CHUNKING);
    await cache.whenIdle();

    expect(cache.stats).toMatchObject({ prepared: 1, failed: 1 });
    expect(cache.stats.lastFailure).toMatch(/ENOENT/);
    expect(await cache.take(good.source, sha256(good.content), CHUNKING)).not.toBeNull();
  });

  it('does nothing when turned off (0 files ahead), and nothing more once closed', async () => {
    const batch = await files('off', 2);
    const off = readAhead({ files: 0 });
    off.hint(batch, CHUNKING);
    await off.whenIdle();
    expect(off.stats.prepared).toBe(0);

    const closed = readAhead();
    await closed.close();
    closed.hint(batch, CHUNKING);
    await closed.whenIdle();
    expect(closed.stats.prepared).toBe(0);
  });
});
