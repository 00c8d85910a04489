import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText } from '@relais/persistence/entities/column-transformers';
import type { ChunkSet, DocumentState } from './document-record';

/** One row of the ingestion manifest: a source file and the chunks that currently stand for it in the index. */
@Entity('ingest_documents')
export class IngestDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The file as given (path or name); `sourceKey` is its SHA-256, unique, since MySQL cannot index 1000 characters. */
  @Column({ type: 'varchar', length: 1000 })
  source: string;

  @Index('uq_ingest_documents_source_key', { unique: true })
  @Column({ name: 'source_key', type: 'varchar', length: 64 })
  sourceKey: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: epochMs })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  format: string | null;

  @Column({ name: 'document_type', type: 'varchar', length: 20, nullable: true })
  documentType: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  encoding: string | null;

  @Column({ name: 'chunker_version', type: 'varchar', length: 100, nullable: true })
  chunkerVersion: string | null;

  @Column({ name: 'embedder_id', type: 'varchar', length: 200, nullable: true })
  embedderId: string | null;

  @Column({ name: 'chunk_ids', type: 'text', transformer: jsonText })
  chunkIds: string[];

  @Column({ name: 'chunk_count', type: 'int' })
  chunkCount: number;

  @Column({ name: 'staged_chunks', type: 'text', nullable: true, transformer: jsonText })
  stagedChunks: ChunkSet | null;

  @Column({ name: 'retired_chunks', type: 'text', nullable: true, transformer: jsonText })
  retiredChunks: ChunkSet[] | null;

  @Index('idx_ingest_documents_state')
  @Column({ type: 'varchar', length: 20 })
  state: DocumentState;

  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 2000, nullable: true })
  errorMessage: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt: number;

  @Index('idx_ingest_documents_updated')
  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt: number;

  @Column({ name: 'indexed_at', type: 'bigint', nullable: true, transformer: epochMs })
  indexedAt: number | null;
}
