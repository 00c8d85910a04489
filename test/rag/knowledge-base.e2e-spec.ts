import { ChromaIndex, HashingEmbedder, type ChunkCollection } from '@relais/ingest';
import { RecordingIndex } from '@relais/ingest/testing/recording-index';
import { DocsCrawler } from '../../domains/rag/crawler/docs-crawler';
import { KnowledgeBaseGates } from '../../domains/rag/knowledge/knowledge-base.gates';
import { KnowledgeBaseIndexer } from '../../domains/rag/knowledge/knowledge-base.indexer';
import { InMemoryPageManifest } from '../../domains/rag/knowledge/page-manifest';
import { PythonDocsFake } from '../fakes/python-docs.fake';
import { startChromaServer, type ChromaTestServer } from '../support/chroma-test-server';
import { testTempDir } from '../support/test-env';

/** A subset of the python3-doc pages: enough to show the incremental behaviour, quick to index. */
const PAGES = [
  'tutorial/introduction.html',
  'tutorial/controlflow.html',
  'tutorial/datastructures.html',
  'tutorial/modules.html',
  'tutorial/inputoutput.html',
  'tutorial/errors.html',
  'tutorial/classes.html',
  'tutorial/stdlib.html',
  'library/functions.html',
  'library/stdtypes.html',
  'library/os.path.html',
  'library/pathlib.html',
  'library/json.html',
  'library/re.html',
  'reference/expressions.html',
  'reference/compound_stmts.html',
  'reference/simple_stmts.html',
  'howto/sorting.html',
  'howto/functional.html',
  'howto/logging.html',
];

describe('the RAG knowledge base over python3-doc served on loopback and a real Chroma', () => {
  const site = new PythonDocsFake();
  const embedder = new HashingEmbedder();
  const manifest = new InMemoryPageManifest();
  let chroma: ChromaTestServer;
  let index: RecordingIndex;
  let collection: ChunkCollection;
  let indexer: KnowledgeBaseIndexer;

  beforeAll(async () => {
    await site.start();
    chroma = await startChromaServer(await testTempDir('chroma-parent-'));
    index = new RecordingIndex(new ChromaIndex({ url: chroma.url, collectionPrefix: 'doctorpy_docs' }));
    collection = await index.collection(embedder.id, embedder.dimensions);
    const crawler = new DocsCrawler({ baseUrl: site.docsUrl, userAgent: 'RelaisDoctorPy/0.1 (tests)', delayMs: 0 });
    indexer = new KnowledgeBaseIndexer(crawler, manifest, collection, embedder, { chunkSize: 1200, chunkOverlap: 150 });
  });
  afterAll(async () => {
    await site.stop();
    await chroma.process.stop();
  });

  it('builds the base, skips every unchanged page by 304, and re-indexes exactly a changed, a removed and an added page', async () => {
    const built = await indexer.update(PAGES);
    expect(built.indexed).toEqual(PAGES);
    const records = await manifest.all();
    const chunkCount = records.reduce((sum, record) => sum + record.chunkIds.length, 0);
    expect(chunkCount).toBe(built.chunksWritten);
    expect(await collection.count()).toBe(chunkCount);
    const io = await manifest.get('tutorial/inputoutput.html');
    expect(io).toMatchObject({ title: '7. Input and Output', sectionPath: ['The Python Tutorial'] });
    expect(io?.chunkIds[0]).toBe(`tutorial/inputoutput.html_${io?.contentHash ?? ''}_chunk_0`);

    const question = await embedder.embed(['how do I open a file for reading and writing']);
    const hits = await collection.query(question[0] ?? [], 5);
    expect(hits.map((hit) => hit.metadata.documentId)).toContain('tutorial/inputoutput.html');

    index.calls.length = 0;
    site.notModifiedCount = 0;
    const quiet = await indexer.update(PAGES);
    expect(quiet.notModified).toEqual(PAGES);
    expect(site.notModifiedCount).toBe(PAGES.length);
    expect(index.calls.filter((call) => call.method === 'upsert' || call.method === 'delete')).toEqual([]);

    const before = await manifest.get('howto/sorting.html');
    site.overrides.set(
      'howto/sorting.html',
      '<html><head><title>Sorting — Python</title></head><body><div class="body" role="main">' +
        '<h1>Sorting HOW TO</h1><p>Use <code>sorted()</code> with a <code>key</code> function.</p></div></body></html>',
    );
    site.removed.add('library/re.html');
    const changedList = [...PAGES.filter((page) => page !== 'tutorial/stdlib.html'), 'library/collections.html'];
    index.calls.length = 0;
    const second = await indexer.update(changedList);
    expect(second.indexed.sort()).toEqual(['howto/sorting.html', 'library/collections.html']);
    expect(second.removed.sort()).toEqual(['library/re.html', 'tutorial/stdlib.html']);
    expect(second.notModified).toHaveLength(PAGES.length - 3);
    const after = await manifest.get('howto/sorting.html');
    expect(after?.chunkIds).toEqual([`howto/sorting.html_${after?.contentHash ?? ''}_chunk_0`]);
    // The changed page's new chunks were written before its old ones were deleted.
    const writes = index.calls.filter((call) => call.method === 'upsert' || call.method === 'delete');
    const sortingUpsert = writes.findIndex(
      (call) => call.method === 'upsert' && call.ids?.[0]?.startsWith('howto/sorting'),
    );
    const sortingDelete = writes.findIndex((call) => call.ids?.includes(before?.chunkIds[0] ?? ''));
    expect(sortingUpsert).toBeGreaterThanOrEqual(0);
    expect(sortingDelete).toBeGreaterThan(sortingUpsert);
    const total = (await manifest.all()).reduce((sum, record) => sum + record.chunkIds.length, 0);
    expect(await collection.count()).toBe(total);
    expect(await collection.ids({ documentId: 'library/re.html' })).toEqual([]);
  });

  it('passes its validation gates on a sound base and fails the one a lost chunk breaks, with its figure', async () => {
    const gates = new KnowledgeBaseGates(manifest, collection, embedder);
    const questions = [
      { question: 'how do I open a file for reading and writing', expectedPage: 'tutorial/inputoutput.html' },
      { question: 'how do I sort a list with a key function', expectedPage: 'howto/sorting.html' },
    ];
    const sound = [
      await gates.enoughPages(15),
      await gates.enoughChunks(20),
      await gates.everyChunkEmbedded(),
      await gates.indexMatchesManifest(),
      await gates.testQuestions(questions, 5),
    ];
    expect(sound.map((gate) => [gate.gate, gate.passed])).toEqual([
      ['enough-pages', true],
      ['enough-chunks', true],
      ['every-chunk-embedded', true],
      ['index-matches-manifest', true],
      ['test-questions', true],
    ]);
    expect((await gates.enoughPages(500)).figure).toBe('19 pages (at least 500)');

    const lost = (await manifest.get('tutorial/classes.html'))?.chunkIds[0] ?? '';
    await collection.delete([lost]);
    const embedded = await gates.everyChunkEmbedded();
    expect(embedded.passed).toBe(false);
    expect(embedded.figure).toMatch(/^(\d+) of (\d+) chunks embedded$/);
    expect((await gates.indexMatchesManifest()).passed).toBe(false);
  });
});
