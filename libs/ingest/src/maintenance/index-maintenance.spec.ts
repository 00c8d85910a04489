import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useChromaServer } from '../../../../test/support/chroma-test-server';
import { testTempDir } from '../../../../test/support/test-env';
import { HashingEmbedder } from '../embedding/hashing.embedder';
import { ChromaBackup } from '../index/chroma-backup';
import { ChromaIndex } from '../index/chroma.index';
import { resolveIngestSettings } from '../ingest-settings';
import { Ingestor } from '../ingestor';
import { TypeormDocumentManifest } from '../manifest/typeorm-document-manifest';
import { createDocumentReader, type OwnedDocumentReader } from '../parsing/document-reader';
import { ChunkSearch } from '../retrieval/chunk-search';
import { useIngestDatabase } from '../testing/use-ingest-database';
import { IndexVerifier } from './index-verifier';

const TOPICS: Record<string, string> = {
  'bees.txt': 'Honey bees live in colonies with one queen, thousands of workers and a few drones in summer. ',
  'volcano.txt': 'A volcano erupts when magma rises through the crust and escapes as lava, ash and gas. ',
  'bread.txt': 'Sourdough bread rises thanks to wild yeast and lactic bacteria kept alive in a starter. ',
};

describe('Chroma backup and index verification (real Chroma, migrated database)', () => {
  const chroma = useChromaServer();
  const db = useIngestDatabase();
  const embedder = new HashingEmbedder(128);
  let owned: OwnedDocumentReader;
  let manifest: TypeormDocumentManifest;
  let index: ChromaIndex;
  let ingestor: Ingestor;
  let verifier: IndexVerifier;
  let search: ChunkSearch;
  let folder: string;

  beforeAll(async () => {
    owned = createDocumentReader(resolveIngestSettings());
    manifest = new TypeormDocumentManifest(db.dataSource);
    index = new ChromaIndex({ url: chroma.url, collectionPrefix: 'maintenance_spec' });
    ingestor = new Ingestor({
      reader: owned.reader,
      embedder,
      index,
      manifest,
      chunking: { chunkSize: 200, chunkOverlap: 20 },
    });
    verifier = new IndexVerifier({ manifest, index, embedder, recover: () => ingestor.recover() });
    search = new ChunkSearch(embedder, index);
    folder = await testTempDir('maintenance-');
    for (const [name, sentence] of Object.entries(TOPICS)) {
      const path = join(folder, name);
      // Each repetition numbered: chunks of equal text would tie, and ties come back in any order.
      await writeFile(path, Array.from({ length: 8 }, (_, n) => `${n + 1}. ${sentence}`).join('\n'));
      await ingestor.ingestFile(path, { source: name });
    }
  });
  afterAll(() => owned.close());

  const answers = async () =>
    Promise.all(
      ['queen of the colony', 'lava and ash', 'wild yeast starter'].map(async (question) =>
        (await search.search(question, 2)).map((match) => [match.metadata.source, match.id, match.score.toFixed(6)]),
      ),
    );
  const reindex = async (record: { source: string }) => {
    await ingestor.ingestFile(join(folder, record.source), { source: record.source, force: true });
  };

  it('backs up every collection, and a restore after a wipe gives the same counts and the same answers', async () => {
    const before = await verifier.counts();
    const answersBefore = await answers();
    const backup = new ChromaBackup({ url: chroma.url, batchSize: 7 });
    const file = join(folder, 'chroma-backup.ndjson.gz');

    const exported = await backup.export(file);
    for (const collection of before.collections) await index.dropCollection(collection.embedderId);
    expect((await verifier.counts()).indexChunks).toBe(0);
    const restored = await backup.restore(file);

    expect(exported.records).toBeGreaterThanOrEqual(before.indexChunks);
    expect(exported.collections).toEqual(
      expect.arrayContaining([{ name: 'maintenance_spec-hashing-v1-128', count: before.indexChunks }]),
    );
    expect(restored.records).toBe(exported.records);
    expect(await ChromaBackup.readHeader(file)).toMatchObject({ format: 'relais-chroma-backup', version: 1 });
    expect(await verifier.counts()).toEqual(before);
    expect(await answers()).toEqual(answersBefore);
  });

  it('finds orphans and missing chunks, and its repair deletes the first and re-indexes the second', async () => {
    const bees = (await manifest.findBySource('bees.txt'))!;
    const collection = await index.collection(embedder.id, embedder.dimensions);
    await collection.delete(bees.chunkIds.slice(0, 2));
    const [orphan] = await collection.query(embedder.vectorOf('volcano'), 1);
    await collection.upsert([{ ...orphan, id: 'stray-chunk', embedding: embedder.vectorOf(orphan.text) }]);
    const stale = await index.collection('retired-embedder', 4);
    await stale.upsert([{ ...orphan, id: 'old-vector', embedding: [1, 0, 0, 0] }]);

    const found = await verifier.verify({ repair: false, reindex });
    const repaired = await verifier.verify({ repair: true, reindex });
    const after = await verifier.verify({ repair: false, reindex });

    expect(found).toMatchObject({
      consistent: false,
      orphans: expect.arrayContaining([
        { collection: 'maintenance_spec-hashing-v1-128', count: 1 },
        { collection: 'maintenance_spec-retired-embedder', count: 1 },
      ]) as unknown,
      missing: [{ documentId: bees.id, source: 'bees.txt', missing: 2 }],
    });
    expect(repaired).toMatchObject({
      consistent: true,
      orphansDeleted: 2,
      collectionsDropped: ['maintenance_spec-retired-embedder'],
      reindexed: ['bees.txt'],
    });
    expect(after).toMatchObject({ consistent: true, orphans: [], missing: [] });
    const counts = await verifier.counts();
    expect(counts.indexChunks).toBe(counts.manifestChunks);
  });

  it('reports a document it cannot index again (its file is gone) without stopping', async () => {
    const volcano = (await manifest.findBySource('volcano.txt'))!;
    const collection = await index.collection(embedder.id, embedder.dimensions);
    await collection.delete(volcano.chunkIds);

    const report = await verifier.verify({
      repair: true,
      reindex: async () => Promise.reject(new Error('volcano.txt: the file is gone')),
    });

    expect(report).toMatchObject({
      consistent: false,
      reindexFailed: [{ documentId: volcano.id, source: 'volcano.txt', error: 'volcano.txt: the file is gone' }],
    });
  });
});
