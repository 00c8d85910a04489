import { createHash } from 'node:crypto';
import { ChromaClient, ChromaNotFoundError, type Collection, type Metadata } from 'chromadb';
import { VectorIndexError } from '../ingest.errors';
import { GroupCommit } from './group-commit';
import { UpcomingWrites } from './upcoming-writes';
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
  /** The collections this index has opened, by name: each handle is reused until Chroma says it is gone. */
  private readonly opened = new Map<string, OpenCollection>();
  /** Upserts announced per collection name (expectUpsert), known before the collection is opened. */
  private readonly upcoming = new Map<string, UpcomingWrites>();

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

  expectUpsert(embedderId: string): () => void {
    return this.upcomingFor(this.collectionName(embedderId)).announce();
  }

  async collection(embedderId: string, dimensions: number): Promise<ChunkCollection> {
    const open = await this.open(embedderId, dimensions);
    if (!open.handle) open.handle = await this.lookUp(open, true);
    return new ChromaChunkCollection(open, await this.batchSize(), this);
  }

  async existingCollection(embedderId: string): Promise<ChunkCollection | null> {
    const open = await this.open(embedderId, null);
    if (!open.handle) open.handle = await this.lookUp(open, false);
    return open.handle ? new ChromaChunkCollection(open, await this.batchSize(), this) : null;
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
    const open = await this.open(embedderId, null);
    open.handle = await this.lookUp(open, false);
    if (!open.handle) return false;
    await this.call(`delete collection ${open.name}`, () => this.client.deleteCollection({ name: open.name }));
    open.handle = null;
    return true;
  }

  async heartbeat(): Promise<void> {
    await this.call('heartbeat', () => this.client.heartbeat());
  }

  /**
   * Runs `operation` on the collection's handle. A handle whose collection was deleted (and perhaps created again:
   * a restore, another process's maintenance) is looked up once more and the operation retried; when the
   * collection is gone for good, `whenGone` answers (or, for a write, the collection is created again).
   */
  async onCollection<T>(
    open: OpenCollection,
    what: string,
    operation: (collection: Collection) => Promise<T>,
    whenGone: (() => T) | 'create',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      open.handle ??= await this.lookUp(open, whenGone === 'create');
      if (!open.handle) return (whenGone as () => T)();
      const handle = open.handle;
      try {
        return await operation(handle);
      } catch (error) {
        if (attempt === 1 && isNotFound(error)) {
          if (open.handle === handle) open.handle = null;
          continue;
        }
        throw this.wrap(`${what} ${open.name}`, error);
      }
    }
  }

  /** The index's record of the collection of `embedderId` (the dimensions kept from the first caller that knew them). */
  private async open(embedderId: string, dimensions: number | null): Promise<OpenCollection> {
    const batchSize = await this.batchSize();
    const name = this.collectionName(embedderId);
    // Looked up and recorded with no await in between: callers at once share one record, and one group commit.
    let open = this.opened.get(name);
    if (!open) {
      const record: OpenCollection = {
        name,
        embedderId,
        dimensions,
        handle: null,
        upserts: new GroupCommit<IndexedChunk>(
          (chunks) => this.write(record, chunks),
          batchSize,
          this.upcomingFor(name),
        ),
      };
      open = record;
      this.opened.set(name, open);
    }
    open.dimensions ??= dimensions;
    return open;
  }

  private upcomingFor(name: string): UpcomingWrites {
    let upcoming = this.upcoming.get(name);
    if (!upcoming) {
      upcoming = new UpcomingWrites();
      this.upcoming.set(name, upcoming);
    }
    return upcoming;
  }

  /** One upsert request (the collection is created again if it went away meanwhile). */
  private write(open: OpenCollection, chunks: IndexedChunk[]): Promise<void> {
    return this.onCollection(
      open,
      `upsert ${chunks.length} chunks into`,
      (collection) =>
        collection.upsert({
          ids: chunks.map((chunk) => chunk.id),
          embeddings: chunks.map((chunk) => chunk.embedding),
          documents: chunks.map((chunk) => chunk.text),
          metadatas: chunks.map((chunk) => toChromaMetadata(chunk.metadata)),
        }),
      'create',
    );
  }

  /** Asks Chroma for the collection (creating it when `create`); null when it does not exist and is not created. */
  private async lookUp(open: OpenCollection, create: boolean): Promise<Collection | null> {
    if (create) {
      return this.call(`open collection ${open.name}`, () =>
        this.client.getOrCreateCollection({
          name: open.name,
          embeddingFunction: null,
          configuration: { hnsw: { space: 'cosine' } },
          metadata: { embedder: open.embedderId, dimensions: open.dimensions ?? 0 },
        }),
      );
    }
    try {
      return await this.client.getCollection({ name: open.name });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.wrap(`open collection ${open.name}`, error);
    }
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

/** A collection this index has opened: its handle (null until looked up again) and the group commit of its upserts. */
interface OpenCollection {
  name: string;
  embedderId: string;
  /** Known once a caller creating the collection gave them. */
  dimensions: number | null;
  handle: Collection | null;
  upserts: GroupCommit<IndexedChunk>;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ChromaNotFoundError || /does not exist|not found/i.test(String(error));
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

/**
 * One collection's chunks. Every operation goes through the index (ChromaIndex.onCollection), which reuses the
 * collection's handle and looks it up again once when Chroma says it is gone; upserts go through the collection's
 * group commit, shared by every ChunkCollection of it: the files a worker ingests at once share write requests.
 */
class ChromaChunkCollection implements ChunkCollection {
  readonly name: string;

  constructor(
    private readonly open: OpenCollection,
    private readonly batchSize: number,
    private readonly index: ChromaIndex,
  ) {
    this.name = open.name;
  }

  upsert(chunks: readonly IndexedChunk[]): Promise<void> {
    return chunks.length === 0 ? Promise.resolve() : this.open.upserts.add(chunks);
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += this.batchSize) {
      const batch = ids.slice(start, start + this.batchSize);
      await this.index.onCollection(
        this.open,
        `delete ${batch.length} chunks from`,
        (collection) => collection.delete({ ids: batch }),
        () => undefined,
      );
    }
  }

  async query(embedding: number[], k: number, filter: { documentId?: string } = {}): Promise<ChunkMatch[]> {
    const result = await this.index.onCollection(
      this.open,
      'query',
      (collection) =>
        collection.query({
          queryEmbeddings: [embedding],
          nResults: k,
          where: filter.documentId ? { documentId: filter.documentId } : undefined,
          include: ['documents', 'metadatas', 'distances'],
        }),
      () => null,
    );
    if (!result) return [];
    return result.rows()[0].map((row) => ({
      id: row.id,
      text: row.document ?? '',
      // Chroma's cosine distance is 1 − cosine similarity.
      score: 1 - (row.distance ?? 1),
      metadata: row.metadata as unknown as ChunkMetadata,
    }));
  }

  count(): Promise<number> {
    return this.index.onCollection(
      this.open,
      'count',
      (collection) => collection.count(),
      () => 0,
    );
  }

  async ids(filter: { documentId?: string } = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; ; offset += this.batchSize) {
      const page = await this.index.onCollection(
        this.open,
        'list ids of',
        (collection) =>
          collection.get({
            where: filter.documentId ? { documentId: filter.documentId } : undefined,
            limit: this.batchSize,
            offset,
            include: [],
          }),
        () => ({ ids: [] as string[] }),
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
