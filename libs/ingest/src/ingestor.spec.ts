import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corruptPdf, latin1Text, textPdf, wordDocument } from '../../../test/fixtures/documents/document-files';
import { useChromaServer } from '../../../test/support/chroma-test-server';
import { testTempDir } from '../../../test/support/test-env';
import { HashingEmbedder } from './embedding/hashing.embedder';
import { ChromaIndex } from './index/chroma.index';
import { CorruptDocument, DocumentSizeOutOfRange, VectorIndexError } from './ingest.errors';
import { resolveIngestSettings } from './ingest-settings';
import { CHUNKS_PER_WRITE, Ingestor } from './ingestor';
import { TypeormDocumentManifest } from './manifest/typeorm-document-manifest';
import { createDocumentReader, type OwnedDocumentReader } from './parsing/document-reader';
import { ReadAhead } from './read-ahead/read-ahead';
import { ChunkSearch } from './retrieval/chunk-search';
import { RecordingIndex } from './testing/recording-index';
import { useIngestDatabase } from './testing/use-ingest-database';

const PUMP_MANUAL = [
  'The heat pump draws warmth from the outside air and moves it into the house through the indoor unit.',
  'Clean the air filter every three months: a clogged filter lowers efficiency and makes the compressor work harder.',
  'In winter the outdoor unit defrosts itself for a few minutes; steam rising from it is normal.',
].join('\n\n');

describe('Ingestor (real Chroma, migrated database)', () => {
  const chroma = useChromaServer();
  const db = useIngestDatabase();
  const settings = resolveIngestSettings();
  const embedder = new HashingEmbedder(256);
  let owned: OwnedDocumentReader;
  let manifest: TypeormDocumentManifest;
  let index: RecordingIndex;
  let ingestor: Ingestor;
  let search: ChunkSearch;
  let folder: string;

  beforeAll(async () => {
    owned = createDocumentReader(settings);
    manifest = new TypeormDocumentManifest(db.dataSource);
    index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: 'ingestor_spec' }));
    ingestor = new Ingestor({
      reader: owned.reader,
      embedder,
      index,
      manifest,
      chunking: { chunkSize: 200, chunkOverlap: 40 },
    });
    search = new ChunkSearch(embedder, index);
    folder = await testTempDir('ingestor-');
  });
  afterAll(() => owned.close());
  beforeEach(() => {
    index.calls.length = 0;
  });

  const write = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };
  const chunkCount = async () => (await index.collection(embedder.id, embedder.dimensions)).count();
  const idsOf = async (documentId: string) =>
    (await (await index.collection(embedder.id, embedder.dimensions)).ids({ documentId })).sort();

  it('indexes a new file: chunks in Chroma with their metadata, the manifest current, the text searchable', async () => {
    const path = await write('pump.txt', PUMP_MANUAL);

    const result = await ingestor.ingestFile(path);

    expect(result).toMatchObject({
      status: 'indexed',
      reason: 'new',
      format: 'txt',
      encoding: { encoding: 'utf-8' },
      replacedChunks: 0,
    });
    if (result.status !== 'indexed') throw new Error('indexed expected');
    const record = await manifest.findBySource(path);
    expect(record).toMatchObject({
      state: 'indexed',
      embedderId: 'hashing-v1-256',
      chunkerVersion: 'recursive-v1/200/40',
      chunkCount: result.chunkCount,
      stagedChunks: null,
      retiredChunks: null,
    });
    expect(await idsOf(result.documentId)).toEqual([...record!.chunkIds].sort());
    const [best] = await search.search('how often should I clean the filter?', 3);
    expect(best.text).toContain('Clean the air filter every three months');
    expect(best.metadata).toMatchObject({ source: path, documentId: result.documentId, format: 'txt' });
  });

  it('skips an unchanged file: one hash, no call to the index', async () => {
    const path = await write('unchanged.txt', PUMP_MANUAL.replace('heat pump', 'air-source heat pump'));
    await ingestor.ingestFile(path);
    index.calls.length = 0;

    const result = await ingestor.ingestFile(path);

    expect(result.status).toBe('unchanged');
    expect(index.calls).toEqual([]);
  });

  it('replaces a changed file: writes the new chunks first, deletes the old ones after', async () => {
    const path = await write('changing.md', `# Boiler\n\n${'The old boiler burns fuel oil in the cellar. '.repeat(6)}`);
    const first = await ingestor.ingestFile(path);
    const oldIds = (await manifest.findBySource(path))!.chunkIds;
    await write('changing.md', `# Boiler\n\n${'The new boiler is a condensing gas unit on the wall. '.repeat(6)}`);
    index.calls.length = 0;

    const second = await ingestor.ingestFile(path);

    expect(second).toMatchObject({ status: 'indexed', reason: 'content-changed', replacedChunks: oldIds.length });
    const writes = index.calls.filter((call) => call.method === 'upsert' || call.method === 'delete');
    expect(writes.map((call) => call.method)).toEqual(['upsert', 'delete']);
    expect(writes[1].ids!.sort()).toEqual([...oldIds].sort());
    expect(await idsOf(first.documentId)).toEqual([...(await manifest.findBySource(path))!.chunkIds].sort());
  });

  it('leaves a document searchable when the process dies between writing the new chunks and deleting the old', async () => {
    const path = await write('crash.txt', 'Version one of the safety notice: evacuate by the north stairs. '.repeat(4));
    const first = await ingestor.ingestFile(path);
    await write('crash.txt', 'Version two of the safety notice: evacuate by the south stairs. '.repeat(4));
    index.failNext('delete', new VectorIndexError('worker killed'));

    const second = await ingestor.ingestFile(path);

    expect(second).toMatchObject({ status: 'indexed', replacedChunks: 0 });
    expect(second.status === 'indexed' && second.warnings).toEqual([
      expect.stringContaining('chunks of the previous version are not deleted yet (worker killed)'),
    ]);

    const [hit] = await search.search('which stairs to evacuate', 1, { documentId: first.documentId });
    expect(hit.text).toContain('Version two');
    const record = (await manifest.findBySource(path))!;
    expect(record.retiredChunks).toHaveLength(1);
    expect(record.chunkIds.length).toBeGreaterThan(0);

    // The next ingestion of the unchanged file finishes the deletion.
    const again = await ingestor.ingestFile(path);
    expect(again.status).toBe('unchanged');
    expect(await idsOf(first.documentId)).toEqual([...record.chunkIds].sort());
    expect((await manifest.findBySource(path))!.retiredChunks).toBeNull();
  });

  it('keeps the old chunks when writing the new ones fails, and recover() removes what was half-written', async () => {
    const path = await write('upsert-fails.txt', 'Opening hours: Monday to Friday, nine to five. '.repeat(4));
    const first = await ingestor.ingestFile(path);
    const oldIds = [...(await manifest.findBySource(path))!.chunkIds].sort();
    await write('upsert-fails.txt', 'Opening hours: every day, eight to eight, and Sunday mornings. '.repeat(4));
    index.failNext('upsert', new VectorIndexError('Chroma went away'));

    await expect(ingestor.ingestFile(path)).rejects.toThrow(VectorIndexError);

    const failed = (await manifest.findBySource(path))!;
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'index_failed' });
    expect(failed.stagedChunks?.ids.length).toBeGreaterThan(0);
    expect(await idsOf(first.documentId)).toEqual(oldIds);

    const recovery = await ingestor.recover();
    expect(recovery.orphanChunksDeleted).toBeGreaterThan(0);
    expect((await manifest.findBySource(path))!.stagedChunks).toBeNull();
    const retried = await ingestor.ingestFile(path);
    expect(retried).toMatchObject({ status: 'indexed', reason: 'content-changed' });
  });

  it('refuses bad files one by one with the reason recorded, and the next files go on', async () => {
    const corrupt = await write('broken.pdf', corruptPdf());
    const tiny = await write('tiny.txt', 'too short');
    const latin1 = await write('menu.txt', latin1Text('Crème brûlée, café au lait et pâté de campagne. '.repeat(4)));
    const pdf = await write(
      'guide.pdf',
      await textPdf([['# Guide', 'Page one about the garden pond.'], ['Page two about the fish.']]),
    );
    const docx = await write(
      'minutes.docx',
      await wordDocument([{ heading: 1, text: 'Minutes' }, 'The board approved the budget.']),
    );

    await expect(ingestor.ingestFile(corrupt)).rejects.toThrow(CorruptDocument);
    await expect(ingestor.ingestFile(tiny)).rejects.toThrow(DocumentSizeOutOfRange);
    const menu = await ingestor.ingestFile(latin1);
    const guide = await ingestor.ingestFile(pdf);
    const minutes = await ingestor.ingestFile(docx);

    expect(await manifest.findBySource(corrupt)).toMatchObject({
      state: 'failed',
      errorCode: 'corrupt',
      chunkCount: 0,
    });
    expect(await manifest.findBySource(tiny)).toMatchObject({ state: 'failed', errorCode: 'too_small', sha256: null });
    expect(menu).toMatchObject({ status: 'indexed', encoding: { encoding: 'windows-1252' } });
    expect(await manifest.findBySource(latin1)).toMatchObject({ encoding: 'windows-1252' });
    expect(guide).toMatchObject({ status: 'indexed', format: 'pdf', pageCount: 2 });
    expect(minutes).toMatchObject({ status: 'indexed', format: 'docx' });
    const [fish] = await search.search('fish in the pond', 1, { documentId: guide.documentId });
    expect(fish.metadata).toMatchObject({ page: 1, pageEnd: 2 });
  });

  it('re-indexes when the chunker options or the embedder change, and cleans the old collection', async () => {
    const path = await write('policy.txt', 'Travel policy: book trains for trips under four hours. '.repeat(8));
    await ingestor.ingestFile(path);

    const rechunked = await ingestor.ingestFile(path, { chunking: { chunkSize: 300, chunkOverlap: 0 } });
    const otherEmbedder = new HashingEmbedder(128);
    const switched = new Ingestor({
      reader: owned.reader,
      embedder: otherEmbedder,
      index,
      manifest,
      chunking: { chunkSize: 300, chunkOverlap: 0 },
    });
    const reembedded = await switched.ingestFile(path);

    expect(rechunked).toMatchObject({ status: 'indexed', reason: 'chunker-changed' });
    expect(reembedded).toMatchObject({ status: 'indexed', reason: 'embedder-changed' });
    expect(await idsOf(reembedded.documentId)).toEqual([]);
    const newCollection = await index.collection(otherEmbedder.id, otherEmbedder.dimensions);
    expect(await newCollection.ids({ documentId: reembedded.documentId })).toHaveLength(
      reembedded.status === 'indexed' ? reembedded.chunkCount : -1,
    );
  });

  it('removes a document and its chunks on request', async () => {
    const path = await write('obsolete.txt', 'This procedure is obsolete and will be withdrawn next year. '.repeat(4));
    const result = await ingestor.ingestFile(path);
    const before = await chunkCount();

    const removed = await ingestor.removeSource(path);

    expect(removed).toEqual({ removed: true, chunksDeleted: result.chunkCount });
    expect(await chunkCount()).toBe(before - result.chunkCount);
    expect(await manifest.findBySource(path)).toBeNull();
    expect(await ingestor.removeSource(path)).toEqual({ removed: false, chunksDeleted: 0 });
  });

  it('triages a folder without parsing or calling the index: unchanged, refused again, to ingest', async () => {
    const files = {
      current: await write('triage-current.txt', 'A current note about the library opening hours. '.repeat(4)),
      changed: await write('triage-changed.txt', 'First version of the parking rules for visitors. '.repeat(4)),
      corrupt: await write('triage-corrupt.pdf', corruptPdf()),
      tiny: await write('triage-tiny.txt', 'tiny'),
      fresh: await write('triage-new.txt', 'A note nobody has ingested yet, about bicycles. '.repeat(4)),
    };
    const current = await ingestor.ingestFile(files.current);
    await ingestor.ingestFile(files.changed);
    await expect(ingestor.ingestFile(files.corrupt)).rejects.toThrow(CorruptDocument);
    await expect(ingestor.ingestFile(files.tiny)).rejects.toThrow(DocumentSizeOutOfRange);
    await write('triage-changed.txt', 'Second version of the parking rules for visitors. '.repeat(4));
    index.calls.length = 0;

    const decisions = await ingestor.triage(Object.values(files).map((path) => ({ path, source: path })));

    expect(index.calls).toEqual([]);
    expect(decisions.map((decision) => decision.status)).toEqual([
      'unchanged',
      'ingest',
      'rejected',
      'rejected',
      'ingest',
    ]);
    expect(decisions[0]).toMatchObject({ documentId: current.documentId, chunkCount: current.chunkCount });
    expect(decisions[2]).toMatchObject({
      errorCode: 'corrupt',
      errorMessage: expect.stringContaining('unreadable') as string,
    });
    expect(decisions[3]).toMatchObject({ errorCode: 'too_small' });
  });

  it('records a PDF whose extraction times out as timeout, naming the setting, and triages it for another try', async () => {
    const impatient = createDocumentReader(resolveIngestSettings({ pdfTimeoutMs: 100 }), {
      pdfTimeoutMs: 'DOCUMENTS_PDF_TIMEOUT_MS',
    });
    try {
      const slow = new Ingestor({ reader: impatient.reader, embedder, index, manifest, chunking: settings });
      // A fresh thread loads pdf.js first: far over 100 ms for any PDF.
      const path = await write('timeout.pdf', await textPdf([['A PDF read by an extraction given no time.']]));

      await expect(slow.ingestFile(path)).rejects.toThrow(/over 100 ms \(the limit set by DOCUMENTS_PDF_TIMEOUT_MS\)/);

      expect(await manifest.findBySource(path)).toMatchObject({ state: 'failed', errorCode: 'timeout' });
      // Not a content rejection: a longer timeout may pass the same bytes, so the next batch tries it again.
      const [decision] = await slow.triage([{ path, source: path }]);
      expect(decision.status).toBe('ingest');
    } finally {
      await impatient.close();
    }
  });

  it('indexes a file prepared ahead by the read-ahead as it indexes one it prepares itself', async () => {
    const chunking = { chunkSize: 200, chunkOverlap: 40 };
    const readAhead = new ReadAhead({
      reader: owned.reader,
      embedder,
      files: 2,
      maxBytes: 1024 * 1024,
      maxFileBytes: 1024 * 1024,
    });
    const ahead = new Ingestor({ reader: owned.reader, embedder, index, manifest, chunking, prepared: readAhead });
    const text = 'The boiler room is locked at night; the caretaker holds the key. '.repeat(8);
    const [prepared, itself] = [await write('ahead-1.txt', text), await write('ahead-2.txt', text)];
    readAhead.hint([{ path: prepared, source: prepared }], chunking);
    await readAhead.whenIdle();

    const fromReadAhead = await ahead.ingestFile(prepared);
    const fromItself = await ahead.ingestFile(itself);

    expect(readAhead.stats).toMatchObject({ prepared: 1, hits: 1 });
    expect(fromReadAhead).toMatchObject({ status: 'indexed', reason: 'new', format: 'txt' });
    expect(fromReadAhead.chunkCount).toBe(fromItself.chunkCount);
    const [a] = await search.search('who holds the boiler room key', 1, { documentId: fromReadAhead.documentId });
    const [b] = await search.search('who holds the boiler room key', 1, { documentId: fromItself.documentId });
    expect(a.text).toBe(b.text);
    expect(a.score).toBeCloseTo(b.score, 6);
    expect(await idsOf(fromReadAhead.documentId)).toHaveLength(fromReadAhead.chunkCount);
  });

  it('re-indexes a current file when forced (its chunks went missing from the index)', async () => {
    const path = await write('forced.txt', 'The archive room key hangs in the caretaker lodge. '.repeat(4));
    const first = await ingestor.ingestFile(path);
    const collection = await index.collection(embedder.id, embedder.dimensions);
    await collection.delete(await idsOf(first.documentId));

    const forced = await ingestor.ingestFile(path, { force: true });

    expect(forced).toMatchObject({ status: 'indexed', reason: 'retry' });
    expect(await idsOf(first.documentId)).toEqual([...(await manifest.findBySource(path))!.chunkIds].sort());
  });

  it('embeds and writes a long document a slice at a time, so that a file at the size bound fits in the heap', async () => {
    // ~1 250 chunks of 200 characters: three slices of CHUNKS_PER_WRITE.
    const sentences = Array.from({ length: 5000 }, (_, n) => `Ledger line ${n} records the boiler ${n % 97} service.`);
    const path = await write('long-ledger.txt', sentences.join(' '));
    const embed = jest.spyOn(embedder, 'embed');
    try {
      const result = await ingestor.ingestFile(path);

      if (result.status !== 'indexed') throw new Error('indexed expected');
      expect(result.chunkCount).toBeGreaterThan(2 * CHUNKS_PER_WRITE);
      const embedded = embed.mock.calls.map(([texts]) => texts.length);
      const written = index.calls.filter((call) => call.method === 'upsert').map((call) => call.ids?.length ?? 0);
      expect(Math.max(...embedded)).toBe(CHUNKS_PER_WRITE);
      expect(Math.max(...written)).toBe(CHUNKS_PER_WRITE);
      expect(embedded.reduce((sum, count) => sum + count, 0)).toBe(result.chunkCount);
      expect(written.reduce((sum, count) => sum + count, 0)).toBe(result.chunkCount);
      // Every slice is in Chroma and the manifest made them current together.
      const record = await manifest.findBySource(path);
      expect(record).toMatchObject({ state: 'indexed', stagedChunks: null, chunkCount: result.chunkCount });
      expect(await idsOf(result.documentId)).toEqual([...record!.chunkIds].sort());
      const [best] = await search.search('ledger line 1234 boiler service', 3);
      expect(best.metadata.source).toBe(path);
    } finally {
      embed.mockRestore();
    }
  });

  it('leaves to a live ingestion the records it touched recently when asked to (recover while ingesting)', async () => {
    const path = await write(
      'live.txt',
      'A note being ingested while the maintenance runs, about the cellar. '.repeat(4),
    );
    await ingestor.ingestFile(path);
    await write('live.txt', 'The same note, changed while the maintenance runs, about the attic. '.repeat(4));
    index.failNext('upsert', new VectorIndexError('Chroma went away'));
    await expect(ingestor.ingestFile(path)).rejects.toThrow(VectorIndexError);
    const staged = (await manifest.findBySource(path))!.stagedChunks;
    expect(staged?.ids.length).toBeGreaterThan(0);

    const skipped = await ingestor.recover({ idleForMs: 60_000 });
    expect((await manifest.findBySource(path))!.stagedChunks).toEqual(staged);
    expect(skipped.orphanChunksDeleted).toBe(0);

    await ingestor.recover();
    expect((await manifest.findBySource(path))!.stagedChunks).toBeNull();
  });
});
