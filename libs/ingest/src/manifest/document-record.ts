import type { DocumentType } from '../chunking/document-type';
import type { DocumentFormat } from '../parsing/parsed-document';

/**
 * Where a document is in its life:
 * - `indexing`: new chunks are being written (its current chunks, if any, still answer queries);
 * - `indexed`: its chunks match its file, chunker version and embedder;
 * - `failed`: the last ingestion failed (`errorCode`, `errorMessage`); chunks of an earlier version, if any, stay;
 * - `removing`: its chunks are being deleted, then the record goes.
 */
export type DocumentState = 'indexing' | 'indexed' | 'failed' | 'removing';

/** Chunk ids in the collection of one embedder. */
export interface ChunkSet {
  embedderId: string;
  ids: string[];
}

/** A document of the manifest. */
export interface DocumentRecord {
  id: string;
  source: string;
  /** SHA-256 of `source`: the unique key. */
  sourceKey: string;
  /** SHA-256 of the file's bytes at the last ingestion (null if the file was refused before being read). */
  sha256: string | null;
  sizeBytes: number;
  format: DocumentFormat | null;
  documentType: DocumentType | null;
  /** Text files: the encoding they were read in. */
  encoding: string | null;
  /** chunkerFingerprint() of the current chunks. */
  chunkerVersion: string | null;
  embedderId: string | null;
  /** The chunks that stand for the document now, in the collection of `embedderId`. */
  chunkIds: string[];
  chunkCount: number;
  /** Chunks written (or being written) for a new version, not current yet: orphans if the process died. */
  stagedChunks: ChunkSet | null;
  /** Chunks of earlier versions (one set per embedder), current no more, still to delete. */
  retiredChunks: ChunkSet[] | null;
  state: DocumentState;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: number;
  updatedAt: number;
  indexedAt: number | null;
}

/** Which documents to list. */
export interface DocumentFilter {
  state?: DocumentState;
  format?: DocumentFormat;
  /** Sources starting with this (a folder). */
  sourcePrefix?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  offset?: number;
}

/** The manifest store: the database behind incremental, crash-safe ingestion. */
export interface DocumentManifest {
  findBySource(source: string): Promise<DocumentRecord | null>;
  /** The records of these sources, in no particular order (a source without one is absent): one query per 500. */
  findBySources(sources: readonly string[]): Promise<DocumentRecord[]>;
  findById(id: string): Promise<DocumentRecord | null>;
  /** Most recently updated first. */
  list(filter?: DocumentFilter): Promise<DocumentRecord[]>;
  /** Up to `limit` records in id order after `afterId` (null: from the start): a pass over the whole manifest. */
  listAfter(afterId: string | null, limit: number): Promise<DocumentRecord[]>;
  /** Records with staged or retired chunks: what a crash left to finish. */
  listUnfinished(): Promise<DocumentRecord[]>;
  count(filter?: Omit<DocumentFilter, 'limit' | 'offset'>): Promise<number>;
  /** Inserts or replaces the record (by id). */
  save(record: DocumentRecord): Promise<void>;
  delete(id: string): Promise<void>;
}
