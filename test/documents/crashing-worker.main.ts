// The documents worker as a separate process whose Chroma index kills the process (SIGKILL, no clean-up) at the
// first delete of chunks: what a crash between writing a changed file's new chunks and deleting its old ones does.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { DOMAINS } from '@relais/domains';
import { DOCUMENTS_VECTOR_INDEX } from '@relais/domains/documents/corpus/document-corpus';
import { documentsSettingsOf } from '@relais/domains/documents/settings/documents.settings';
import { loadConfig } from '@relais/config';
import { ChromaIndex, type ChunkCollection, type VectorIndex } from '@relais/ingest';
import { WorkerDocumentsModule } from '../../apps/worker-documents/src/worker-documents.module';

class DyingIndex implements VectorIndex {
  constructor(private readonly inner: ChromaIndex) {}
  collections = () => this.inner.collections();
  dropCollection = (embedderId: string) => this.inner.dropCollection(embedderId);
  heartbeat = () => this.inner.heartbeat();
  existingCollection = async (embedderId: string) => {
    const collection = await this.inner.existingCollection(embedderId);
    return collection && this.dying(collection);
  };
  collection = async (embedderId: string, dimensions: number) =>
    this.dying(await this.inner.collection(embedderId, dimensions));

  private dying(collection: ChunkCollection): ChunkCollection {
    return {
      name: collection.name,
      upsert: (chunks) => collection.upsert(chunks),
      delete: () => {
        process.stdout.write('CRASHING BEFORE THE DELETE\n');
        process.kill(process.pid, 'SIGKILL');
        return new Promise<void>(() => undefined);
      },
      query: (embedding, k, filter) => collection.query(embedding, k, filter),
      count: () => collection.count(),
      ids: (filter) => collection.ids(filter),
    };
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env, { domains: DOMAINS });
  const settings = documentsSettingsOf(config);
  const index = new DyingIndex(
    new ChromaIndex({ url: settings.chromaUrl, collectionPrefix: settings.collectionPrefix }),
  );
  const worker = await Test.createTestingModule({ imports: [WorkerDocumentsModule] })
    .overrideProvider(DOCUMENTS_VECTOR_INDEX)
    .useValue(index)
    .compile();
  await worker.init();
  process.stdout.write('WORKER READY\n');
}

void main();
