import { randomUUID } from 'node:crypto';
import { useIngestDatabase } from '../testing/use-ingest-database';
import type { DocumentRecord } from './document-record';
import { sourceKeyOf } from './source-key';
import { TypeormDocumentManifest } from './typeorm-document-manifest';

const aDocument = (source: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord => ({
  id: randomUUID(),
  source,
  sourceKey: sourceKeyOf(source),
  sha256: 'a'.repeat(64),
  sizeBytes: 12_345_678_901,
  format: 'pdf',
  documentType: 'general',
  encoding: null,
  chunkerVersion: 'recursive-v1/1000/200',
  embedderId: 'hashing-v1-512',
  chunkIds: ['c1', 'c2'],
  chunkCount: 2,
  stagedChunks: null,
  retiredChunks: null,
  state: 'indexed',
  errorCode: null,
  errorMessage: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  indexedAt: 1_000,
  ...overrides,
});

describe('TypeormDocumentManifest (migrated database)', () => {
  const db = useIngestDatabase();
  let manifest: TypeormDocumentManifest;
  beforeAll(() => {
    manifest = new TypeormDocumentManifest(db.dataSource);
  });

  it('saves a document and reads it back by source and by id, JSON and big numbers intact', async () => {
    const document = aDocument('inbox/report.pdf', {
      stagedChunks: { embedderId: 'hashing-v1-512', ids: ['c3'] },
      chunkIds: Array.from({ length: 12_000 }, (_, n) => `doc-0123456789abcdef-0123456789ab-${n}`),
    });

    await manifest.save(document);

    expect(await manifest.findBySource('inbox/report.pdf')).toEqual(document);
    expect(await manifest.findById(document.id)).toEqual(document);
    expect(await manifest.findBySource('inbox/other.pdf')).toBeNull();
  });

  it('replaces a record saved again with the same id', async () => {
    const document = aDocument('inbox/replace.txt');
    await manifest.save(document);

    await manifest.save({ ...document, state: 'failed', errorCode: 'corrupt', errorMessage: 'bad', updatedAt: 2_000 });

    expect(await manifest.findById(document.id)).toMatchObject({
      state: 'failed',
      errorCode: 'corrupt',
      updatedAt: 2_000,
    });
  });

  it('refuses a second record for the same source', async () => {
    await manifest.save(aDocument('inbox/unique.txt'));

    await expect(manifest.save(aDocument('inbox/unique.txt'))).rejects.toThrow();
  });

  it('lists by state, format and folder (wildcards literal), most recently updated first, and counts', async () => {
    await manifest.save(aDocument('lists/a_b/one.pdf', { updatedAt: 5_000 }));
    await manifest.save(aDocument('lists/a_b/two.docx', { format: 'docx', updatedAt: 6_000 }));
    await manifest.save(aDocument('lists/axb/three.pdf', { updatedAt: 7_000 }));
    await manifest.save(aDocument('lists/a_b/four.pdf', { state: 'failed', updatedAt: 8_000 }));

    const folder = await manifest.list({ sourcePrefix: 'lists/a_b/' });
    const pdfsIndexed = await manifest.list({ sourcePrefix: 'lists/', format: 'pdf', state: 'indexed' });

    expect(folder.map((document) => document.source)).toEqual([
      'lists/a_b/four.pdf',
      'lists/a_b/two.docx',
      'lists/a_b/one.pdf',
    ]);
    expect(pdfsIndexed.map((document) => document.source)).toEqual(['lists/axb/three.pdf', 'lists/a_b/one.pdf']);
    expect(await manifest.list({ sourcePrefix: 'lists/', limit: 1, offset: 1 })).toHaveLength(1);
    expect(await manifest.count({ format: 'docx' })).toBeGreaterThanOrEqual(1);
  });

  it('lists what a crash left unfinished: staged or retired chunks, or a state in between', async () => {
    const staged = aDocument('crash/staged.pdf', { stagedChunks: { embedderId: 'e', ids: ['s'] } });
    const retired = aDocument('crash/retired.pdf', { retiredChunks: [{ embedderId: 'e', ids: ['r'] }] });
    const removing = aDocument('crash/removing.pdf', { state: 'removing' });
    await Promise.all([staged, retired, removing, aDocument('crash/done.pdf')].map((d) => manifest.save(d)));

    const unfinished = (await manifest.listUnfinished())
      .map((document) => document.source)
      .filter((s) => s.startsWith('crash/'));

    expect(unfinished.sort()).toEqual(['crash/removing.pdf', 'crash/retired.pdf', 'crash/staged.pdf']);
  });

  it('deletes a record', async () => {
    const document = aDocument('inbox/delete-me.md');
    await manifest.save(document);

    await manifest.delete(document.id);

    expect(await manifest.findById(document.id)).toBeNull();
  });

  it('finds the records of many sources at once, over several queries, ignoring unknown sources', async () => {
    const sources = Array.from({ length: 600 }, (_, n) => `bulk/file-${n}.txt`);
    await Promise.all(sources.slice(0, 550).map((source) => manifest.save(aDocument(source))));

    const found = await manifest.findBySources([...sources, sources[0]]);

    expect(found.map((record) => record.source).sort()).toEqual(sources.slice(0, 550).sort());
    expect(await manifest.count({ sourcePrefix: 'bulk/' })).toBe(550);
  });

  it('pages over every record in id order', async () => {
    const seen: string[] = [];
    for (let page = await manifest.listAfter(null, 250); page.length > 0;) {
      seen.push(...page.map((record) => record.id));
      page = await manifest.listAfter(page[page.length - 1].id, 250);
    }

    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(await manifest.count());
  });
});
