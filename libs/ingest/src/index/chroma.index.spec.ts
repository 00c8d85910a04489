import { useChromaServer } from '../../../../test/support/chroma-test-server';
import { freePort } from '../../../../test/support/free-port';
import { VectorIndexError } from '../ingest.errors';
import { ChromaIndex } from './chroma.index';
import type { IndexedChunk } from './vector-index';

const chunk = (id: string, documentId: string, embedding: number[], page?: number): IndexedChunk => ({
  id,
  text: `text of ${id}`,
  embedding,
  metadata: {
    documentId,
    source: `${documentId}.pdf`,
    format: 'pdf',
    documentType: 'general',
    chunkIndex: 0,
    chunkTotal: 1,
    charStart: 0,
    charEnd: 10,
    keywords: 'alpha, beta',
    page,
  },
});

describe('ChromaIndex (real Chroma)', () => {
  const chroma = useChromaServer();
  let index: ChromaIndex;
  beforeAll(() => {
    index = new ChromaIndex({ url: chroma.url, collectionPrefix: 'spec_chunks' });
  });

  it('upserts, finds the nearest chunks with their metadata and score, filters by document', async () => {
    const collection = await index.collection('test-embedder-3', 3);
    await collection.upsert([
      chunk('a', 'doc-1', [1, 0, 0], 2),
      chunk('b', 'doc-1', [0, 1, 0]),
      chunk('c', 'doc-2', [0.9, 0.1, 0]),
    ]);

    const matches = await collection.query([1, 0, 0], 2);
    const onlyDoc1 = await collection.query([0, 0.2, 1], 5, { documentId: 'doc-1' });

    expect(collection.name).toBe('spec_chunks-test-embedder-3');
    expect(matches.map((match) => match.id)).toEqual(['a', 'c']);
    expect(matches[0]).toMatchObject({
      text: 'text of a',
      metadata: { documentId: 'doc-1', page: 2, keywords: 'alpha, beta' },
    });
    expect(matches[0].score).toBeCloseTo(1, 5);
    expect(matches[1].metadata.page).toBeUndefined();
    expect(onlyDoc1.map((match) => match.id).sort()).toEqual(['a', 'b']);
    expect(await collection.count()).toBe(3);
    expect((await collection.ids({ documentId: 'doc-1' })).sort()).toEqual(['a', 'b']);
  });

  it('replaces a chunk upserted again with the same id, and deletes by id ignoring unknown ids', async () => {
    const collection = await index.collection('test-embedder-2', 2);
    await collection.upsert([chunk('x', 'doc', [1, 0]), chunk('y', 'doc', [0, 1])]);
    await collection.upsert([{ ...chunk('x', 'doc', [0, 1]), text: 'new text' }]);

    await collection.delete(['y', 'never-existed']);

    expect(await collection.count()).toBe(1);
    expect((await collection.query([0, 1], 1))[0]).toMatchObject({ id: 'x', text: 'new text' });
  });

  it('keeps embedders apart, and tells whether an embedder has a collection', async () => {
    await (await index.collection('first-embedder', 2)).upsert([chunk('p', 'doc', [1, 0])]);

    expect(await index.existingCollection('never-used-embedder')).toBeNull();
    expect(await (await index.existingCollection('first-embedder'))?.count()).toBe(1);
    expect(await (await index.collection('second-embedder', 4)).count()).toBe(0);
  });

  it('upserts and lists ids in batches of the configured size', async () => {
    const small = new ChromaIndex({ url: chroma.url, collectionPrefix: 'spec_chunks', batchSize: 50 });
    const collection = await small.collection('many-chunks', 2);
    const chunks = Array.from({ length: 120 }, (_, n) => chunk(`id-${n}`, 'big', [1, n / 120]));
    await collection.upsert(chunks);

    expect((await collection.ids()).sort()).toEqual(chunks.map((c) => c.id).sort());
  });

  it('lists only its own collections with their embedder and count, and drops one', async () => {
    const own = new ChromaIndex({ url: chroma.url, collectionPrefix: 'listing' });
    const other = new ChromaIndex({ url: chroma.url, collectionPrefix: 'other_prefix' });
    await (await own.collection('emb-a', 2)).upsert([chunk('1', 'doc', [1, 0]), chunk('2', 'doc', [0, 1])]);
    await (await own.collection('emb-b', 3)).upsert([chunk('3', 'doc', [1, 0, 0])]);
    await (await other.collection('emb-a', 2)).upsert([chunk('4', 'doc', [1, 0])]);

    expect((await own.collections()).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'listing-emb-a', embedderId: 'emb-a', dimensions: 2, count: 2 },
      { name: 'listing-emb-b', embedderId: 'emb-b', dimensions: 3, count: 1 },
    ]);
    expect(await own.dropCollection('emb-b')).toBe(true);
    expect(await own.dropCollection('emb-b')).toBe(false);
    expect((await own.collections()).map((collection) => collection.embedderId)).toEqual(['emb-a']);
    expect(await other.collections()).toHaveLength(1);
  });

  it('keeps its handles on collections, and finds a collection again after another client deleted or recreated it', async () => {
    const own = new ChromaIndex({ url: chroma.url, collectionPrefix: 'handles' });
    const other = new ChromaIndex({ url: chroma.url, collectionPrefix: 'handles' });
    const collection = await own.collection('emb', 2);
    await collection.upsert([chunk('a', 'doc', [1, 0])]);

    await other.dropCollection('emb');
    expect(await collection.query([1, 0], 1)).toEqual([]);
    expect(await collection.count()).toBe(0);
    await (await other.collection('emb', 2)).upsert([chunk('b', 'doc', [0, 1])]);

    expect((await collection.query([0, 1], 1)).map((match) => match.id)).toEqual(['b']);
    await other.dropCollection('emb');
    await collection.upsert([chunk('c', 'doc', [1, 0])]);
    expect(await (await other.existingCollection('emb'))?.ids()).toEqual(['c']);
  });

  it('sends the upserts of callers at once together, in as few requests as the batch size allows', async () => {
    const index = new ChromaIndex({ url: chroma.url, collectionPrefix: 'grouped', batchSize: 100 });
    const collection = await index.collection('emb', 2);
    const files = Array.from({ length: 12 }, (_, file) =>
      Array.from({ length: 10 }, (_, n) => chunk(`f${file}-${n}`, `doc-${file}`, [1, n / 10])),
    );

    await Promise.all(files.map((chunks) => collection.upsert(chunks)));

    expect(await collection.count()).toBe(120);
  });

  it('names long embedder ids within Chroma limits', () => {
    const name = index.collectionName(`mistral-${'x'.repeat(80)}`);

    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^spec_chunks-mistral-x+-[0-9a-f]{8}$/);
  });

  it('fails with VectorIndexError naming the server when Chroma does not answer', async () => {
    const down = new ChromaIndex({ url: `http://127.0.0.1:${await freePort()}` });

    await expect(down.heartbeat()).rejects.toThrow(VectorIndexError);
    await expect(down.heartbeat()).rejects.toThrow(/Chroma at http:\/\/127\.0\.0\.1:\d+ failed to heartbeat/);
  });
});
