import type { DocumentType } from '../chunking/document-type';
import type { DocumentFormat } from '../parsing/parsed-document';

/** What every indexed chunk carries besides its text and vector: enough to cite it and to filter on it. */
export interface ChunkMetadata {
  /** The manifest id of the document the chunk belongs to. */
  documentId: string;
  source: string;
  format: DocumentFormat;
  documentType: DocumentType;
  chunkIndex: number;
  chunkTotal: number;
  charStart: number;
  charEnd: number;
  /** Comma-separated (Chroma metadata values are scalars). */
  keywords: string;
  /** PDF only. */
  page?: number;
  pageEnd?: number;
}

/** A chunk as stored in the index. */
export interface IndexedChunk {
  id: string;
  text: string;
  embedding: number[];
  metadata: ChunkMetadata;
}

/** A search hit: `score` is the cosine similarity (1 = same direction). */
export interface ChunkMatch {
  id: string;
  text: string;
  score: number;
  metadata: ChunkMetadata;
}

/** The chunks embedded by one embedder (vectors of different embedders never share a collection). */
export interface ChunkCollection {
  readonly name: string;
  /** Adds the chunks, replacing any with the same id; batched as the server needs. */
  upsert(chunks: readonly IndexedChunk[]): Promise<void>;
  /** Deletes the chunks with these ids; ids not there are ignored. */
  delete(ids: readonly string[]): Promise<void>;
  /** The `k` chunks nearest `embedding`, nearest first, optionally only of one document. */
  query(embedding: number[], k: number, filter?: { documentId?: string }): Promise<ChunkMatch[]>;
  count(): Promise<number>;
  /** Every chunk id, optionally of one document only (for verification and repair). */
  ids(filter?: { documentId?: string }): Promise<string[]>;
}

/** A collection of the index as listed: which embedder's vectors it holds, and how many. */
export interface CollectionSummary {
  name: string;
  embedderId: string;
  dimensions: number;
  count: number;
}

/** The vector store: one collection per embedder. */
export interface VectorIndex {
  /** Every collection of this index (not the other collections a shared server may hold). */
  collections(): Promise<CollectionSummary[]>;
  /** Deletes the collection of `embedderId` and all its chunks; false when there was none. */
  dropCollection(embedderId: string): Promise<boolean>;
  /** The collection of `embedderId`, created when missing. */
  collection(embedderId: string, dimensions: number): Promise<ChunkCollection>;
  /** The collection of `embedderId` if it exists (to delete chunks an earlier embedder wrote). */
  existingCollection(embedderId: string): Promise<ChunkCollection | null>;
  /** Throws VectorIndexError when the store does not answer. */
  heartbeat(): Promise<void>;
  /**
   * Optional: says an upsert into `embedderId`'s collection is on its way (its file being parsed and embedded), so
   * that writes batched per request can wait a little for it. Call the returned function when the upsert is made
   * or abandoned.
   */
  expectUpsert?(embedderId: string): () => void;
}
