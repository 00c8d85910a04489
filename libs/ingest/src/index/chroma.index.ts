import { createHash } from 'node:crypto';
import { ChromaClient, ChromaNotFoundError, type Collection, type Metadata } from 'chromadb';
import { VectorIndexError } from '../ingest.errors';
import type {
  ChunkCollection,
  ChunkMatch,
  ChunkMetadata,
  CollectionSummary,
  IndexedChunk,
  VectorIndex,
} from './vector-index';

export interface ChromaIndexOptions {
  /** http://host:port of the Chroma server. */
  url: string;
  /** Collection name prefix; the embedder id is appended. Default `document_embeddings`. */
  collectionPrefix?: string;
  /** Records per request at most; default (and ceiling) the server's max batch size. */
  batchSize?: number;
}

/** Collections listed per request. */
const COLLECTION_PAGE = 100;

/** Chroma's collection names: 3–63 characters of [a-zA-Z0-9._-], starting and ending with a letter or digit. */
const MAX_NAME_LENGTH = 63;

/**
 * The vector index on a Chroma server, through the official `chromadb` client. Each embedder gets its own
 * collection, `<prefix>-<embedder id>` (cosine space): switching embedders re-indexes into a new collection
 * instead of mixing vectors of different models (or lengths) in one.
 */
export class ChromaIndex implements VectorIndex {
  private readonly client: ChromaClient;
  private readonly prefix: string;
  private maxBatchSize: number | undefined;

  constructor(private readonly options: ChromaIndexOptions) {
    this.client = chromaClientFor(options.url);
    this.prefix = options.collectionPrefix ?? 'document_embeddings';
  }

  /** The collection name of an embedder. */
  collectionName(embedderId: string): string {
    const name = `${this.prefix}-${embedderId}`.replace(/[^a-zA-Z0-9._-]/g, '_');
    if (name.length <= MAX_NAME_LENGTH) return name;
    const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
    return `${name.slice(0, MAX_NAME_LENGTH - 9)}-${digest}`;
  }

  async collection(embedderId: string, dimensions: number): Promise<ChunkCollection> {
    const name = this.collectionName(embedderId);
    const collection = await this.call(`open collection ${name}`, () =>
      this.client.getOrCreateCollection({
        name,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { embedder: embedderId, dimensions },
      }),
    );
    return new ChromaChunkCollection(collection, await this.batchSize(), (what, action) => this.call(what, action));
  }

  async existingCollection(embedderId: string): Promise<ChunkCollection | null> {
    const name = this.collectionName(embedderId);
    try {
      const collection = await this.client.getCollection({ name });
      return new ChromaChunkCollection(collection, await this.batchSize(), (what, action) => this.call(what, action));
    } catch (error) {
      if (error instanceof ChromaNotFoundError || /does not exist|not found/i.test(String(error))) return null;
      throw this.wrap(`open collection ${name}`, error);
    }
  }

  async collections(): Promise<CollectionSummary[]> {
    const summaries: CollectionSummary[] = [];
    for (let offset = 0; ; offset += COLLECTION_PAGE) {
      const page = await this.call('list collections', () =>
        this.client.listCollections({ limit: COLLECTION_PAGE, offset }),
      );
      for (const collection of page) {
        const embedderId = collection.metadata?.embedder;
        // Only this index's collections: a shared server also holds other prefixes' and other programs'.
        if (typeof embedderId !== 'string' || collection.name !== this.collectionName(embedderId)) continue;
        summaries.push({
          name: collection.name,
          embedderId,
          dimensions: Number(collection.metadata?.dimensions ?? 0),
          count: await this.call(`count ${collection.name}`, () => collection.count()),
        });
      }
      if (page.length < COLLECTION_PAGE) return summaries;
    }
  }

  async dropCollection(embedderId: string): Promise<boolean> {
    const name = this.collectionName(embedderId);
    if (!(await this.existingCollection(embedderId))) return false;
    await this.call(`delete collection ${name}`, () => this.client.deleteCollection({ name }));
    return true;
  }

  async heartbeat(): Promise<void> {
    await this.call('heartbeat', () => this.client.heartbeat());
  }

  private async batchSize(): Promise<number> {
    this.maxBatchSize ??= await this.call('read the max batch size', () => this.client.getMaxBatchSize());
    return Math.min(this.maxBatchSize, this.options.batchSize ?? Infinity);
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw this.wrap(what, error);
    }
  }

  private wrap(what: string, error: unknown): VectorIndexError {
    const message = error instanceof Error ? error.message : String(error);
    return new VectorIndexError(`Chroma at ${this.options.url} failed to ${what}: ${message}`, { cause: error });
  }
}

/** The official client for the server at `url` (http://host:port). */
export function chromaClientFor(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80),
    ssl: parsed.protocol === 'https:',
  });
}

class ChromaChunkCollection implements ChunkCollection {
  readonly name: string;

  constructor(
    private readonly collection: Collection,
    private readonly batchSize: number,
    private readonly call: <T>(what: string, action: () => Promise<T>) => Promise<T>,
  ) {
    this.name = collection.name;
  }

  async upsert(chunks: readonly IndexedChunk[]): Promise<void> {
    for (let start = 0; start < chunks.length; start += this.batchSize) {
      const batch = chunks.slice(start, start + this.batchSize);
      await this.call(`upsert ${batch.length} chunks into ${this.name}`, () =>
        this.collection.upsert({
          ids: batch.map((chunk) => chunk.id),
          embeddings: batch.map((chunk) => chunk.embedding),
          documents: batch.map((chunk) => chunk.text),
          metadatas: batch.map((chunk) => toChromaMetadata(chunk.metadata)),
        }),
      );
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += this.batchSize) {
      const batch = ids.slice(start, start + this.batchSize);
      await this.call(`delete ${batch.length} chunks from ${this.name}`, () => this.collection.delete({ ids: batch }));
    }
  }

  async query(embedding: number[], k: number, filter: { documentId?: string } = {}): Promise<ChunkMatch[]> {
    const result = await this.call(`query ${this.name}`, () =>
      this.collection.query({
        queryEmbeddings: [embedding],
        nResults: k,
        where: filter.documentId ? { documentId: filter.documentId } : undefined,
        include: ['documents', 'metadatas', 'distances'],
      }),
    );
    return result.rows()[0].map((row) => ({
      id: row.id,
      text: row.document ?? '',
      // Chroma's cosine distance is 1 − cosine similarity.
      score: 1 - (row.distance ?? 1),
      metadata: row.metadata as unknown as ChunkMetadata,
    }));
  }

  count(): Promise<number> {
    return this.call(`count ${this.name}`, () => this.collection.count());
  }

  async ids(filter: { documentId?: string } = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += this.batchSize) {
      const page = await this.call(`list ids of ${this.name}`, () =>
        this.collection.get({
          where: filter.documentId ? { documentId: filter.documentId } : undefined,
          limit: this.batchSize,
          offset,
          include: [],
        }),
      );
      ids.push(...page.ids);
      if (page.ids.length < this.batchSize) return ids;
    }
  }
}

/** Chroma stores scalars only and refuses undefined: the optional page fields are left out when absent. */
function toChromaMetadata(metadata: ChunkMetadata): Metadata {
  const stored: Metadata = {};
  for (const [key, value] of Object.entries(metadata) as [string, string | number | undefined][]) {
    if (value !== undefined) stored[key] = value;
  }
  return stored;
}
