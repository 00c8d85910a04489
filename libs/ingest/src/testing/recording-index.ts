import type { ChunkCollection, ChunkMatch, CollectionSummary, IndexedChunk, VectorIndex } from '../index/vector-index';

/** One call a RecordingIndex saw. */
export interface IndexCall {
  method:
    | 'collection'
    | 'existingCollection'
    | 'collections'
    | 'dropCollection'
    | 'heartbeat'
    | 'upsert'
    | 'delete'
    | 'query'
    | 'count'
    | 'ids';
  collection?: string;
  ids?: string[];
}

/**
 * A VectorIndex that passes every call to a real one and records it, and can fail the next call of a kind:
 * how the tests see that an unchanged file costs no index call, and what a crash between two calls leaves.
 */
export class RecordingIndex implements VectorIndex {
  readonly calls: IndexCall[] = [];
  private readonly failures = new Map<IndexCall['method'], Error>();

  constructor(private readonly inner: VectorIndex) {}

  /** The next call of `method` throws `error` instead of reaching the index. */
  failNext(method: IndexCall['method'], error: Error): void {
    this.failures.set(method, error);
  }

  async collection(embedderId: string, dimensions: number): Promise<ChunkCollection> {
    this.record({ method: 'collection', collection: embedderId });
    return this.wrap(await this.inner.collection(embedderId, dimensions));
  }

  async existingCollection(embedderId: string): Promise<ChunkCollection | null> {
    this.record({ method: 'existingCollection', collection: embedderId });
    const collection = await this.inner.existingCollection(embedderId);
    return collection ? this.wrap(collection) : null;
  }

  collections(): Promise<CollectionSummary[]> {
    this.record({ method: 'collections' });
    return this.inner.collections();
  }

  dropCollection(embedderId: string): Promise<boolean> {
    this.record({ method: 'dropCollection', collection: embedderId });
    return this.inner.dropCollection(embedderId);
  }

  heartbeat(): Promise<void> {
    this.record({ method: 'heartbeat' });
    return this.inner.heartbeat();
  }

  /** Passed through unrecorded: an announcement reaches no store. */
  expectUpsert(embedderId: string): () => void {
    return this.inner.expectUpsert?.(embedderId) ?? (() => undefined);
  }

  private record(call: IndexCall): void {
    this.calls.push(call);
    const failure = this.failures.get(call.method);
    if (failure) {
      this.failures.delete(call.method);
      throw failure;
    }
  }

  private wrap(collection: ChunkCollection): ChunkCollection {
    return {
      name: collection.name,
      upsert: async (chunks: readonly IndexedChunk[]) => {
        this.record({ method: 'upsert', collection: collection.name, ids: chunks.map((chunk) => chunk.id) });
        await collection.upsert(chunks);
      },
      delete: async (ids: readonly string[]) => {
        this.record({ method: 'delete', collection: collection.name, ids: [...ids] });
        await collection.delete(ids);
      },
      query: async (embedding: number[], k: number, filter?: { documentId?: string }): Promise<ChunkMatch[]> => {
        this.record({ method: 'query', collection: collection.name });
        return collection.query(embedding, k, filter);
      },
      count: async () => {
        this.record({ method: 'count', collection: collection.name });
        return collection.count();
      },
      ids: async (filter?: { documentId?: string }) => {
        this.record({ method: 'ids', collection: collection.name });
        return collection.ids(filter);
      },
    };
  }
}
