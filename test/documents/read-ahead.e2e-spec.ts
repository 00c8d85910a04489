import { RunState } from '@relais/contracts';
import type { BatchResult } from '@relais/domains/documents/contracts';
import { startDocumentsWorld, type DocumentsWorld } from './documents-world';

const FOLDER = 'documents/ahead';
const TOPICS = ['glaciers', 'beekeeping', 'lighthouses', 'sourdough', 'tramways', 'orchids'];

describe('a batch with the read-ahead on (real Redis, database and Chroma)', () => {
  let world: DocumentsWorld;

  beforeAll(async () => {
    world = await startDocumentsWorld({ DOCUMENTS_READ_AHEAD: '3' });
    for (const topic of TOPICS) {
      await world.write(
        `${FOLDER}/${topic}.txt`,
        `Notes on ${topic}. `.repeat(5) +
          `The ${topic} report explains what every visitor asks about ${topic}. `.repeat(20),
      );
    }
  }, 90_000);

  afterAll(async () => {
    await world.stop();
  });

  it('indexes every file, the runs taking the files prepared ahead, as a batch without it does', async () => {
    const run = await world.runToEnd('documents.batch', { folder: FOLDER, extensions: ['.txt'], concurrency: 1 });
    const result = run.result as BatchResult;

    expect(run.state).toBe(RunState.COMPLETED);
    expect(result).toMatchObject({ found: 6, indexed: 6, failed: 0 });
    // The first file's run prepares it itself; the read-ahead was hinted the other five. The runs start in no set
    // order: a run that comes before its file is prepared prepares it itself, and every file prepared is used.
    const stats = world.corpus.readAhead.stats;
    expect(stats).toMatchObject({ stale: 0, dropped: 0, failed: 0 });
    expect(stats.hits).toBeGreaterThanOrEqual(1);
    expect(stats.hits).toBe(stats.prepared);
    expect(world.corpus.readAhead.bytesKept).toBe(0);
    for (const topic of TOPICS) {
      const [best] = await world.corpus.search.search(`what does the ${topic} report explain`, 1);
      expect(best.metadata.source).toBe(`${FOLDER}/${topic}.txt`);
      const record = await world.corpus.manifest.findBySource(`${FOLDER}/${topic}.txt`);
      expect(record).toMatchObject({ state: 'indexed', stagedChunks: null });
    }
    expect(result.chunks_written).toBe(result.chunks);
  });
});
