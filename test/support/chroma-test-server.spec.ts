import { readdir } from 'node:fs/promises';
import { ChromaClient } from 'chromadb';
import { startChromaServer } from './chroma-test-server';
import { testTempDir } from './test-env';

describe('startChromaServer', () => {
  it('starts a Chroma that answers the official client, and stop() ends it and removes its data', async () => {
    const parent = await testTempDir('chroma-parent-');
    const server = await startChromaServer(parent);
    try {
      const { hostname, port } = new URL(server.url);
      const client = new ChromaClient({ host: hostname, port: Number(port) });
      expect(await client.heartbeat()).toBeGreaterThan(0);
      const collection = await client.createCollection({
        name: 'probe',
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
      });
      await collection.add({
        ids: ['a', 'b'],
        embeddings: [
          [1, 0],
          [0, 1],
        ],
        documents: ['x', 'y'],
        metadatas: [{ n: 1 }, { n: 2 }],
      });
      const found = await collection.query({
        queryEmbeddings: [[0.9, 0.1]],
        nResults: 1,
        include: ['documents', 'metadatas', 'distances'],
      });
      expect(found.ids[0]).toEqual(['a']);
      expect(await collection.count()).toBe(2);
      await collection.delete({ where: { n: 2 } });
      expect((await collection.get({ ids: ['a', 'b'] })).ids).toEqual(['a']);
    } finally {
      await server.process.stop();
    }
    expect(server.process.isRunning()).toBe(false);
    expect(
      await fetch(`${server.url}/api/v2/heartbeat`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
    expect(await readdir(parent)).toEqual([]);
  });
});
