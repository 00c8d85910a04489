import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs, jsonText } from '@relais/persistence/entities/column-transformers';

/** One row of the RAG page manifest: a documentation page, how it was last fetched, and its chunks in the index. */
@Entity('rag_pages')
export class RagPageEntity {
  /** The page's path under the base URL (`tutorial/inputoutput.html`), at most 255 characters (RAG_PAGES). */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  page: string;

  @Column({ type: 'varchar', length: 1000 })
  url: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ name: 'section_path', type: 'text', transformer: jsonText })
  sectionPath: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  etag: string | null;

  @Column({ name: 'last_modified', type: 'varchar', length: 100, nullable: true })
  lastModified: string | null;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'chunk_ids', type: 'text', transformer: jsonText })
  chunkIds: string[];

  @Column({ name: 'chunk_count', type: 'int' })
  chunkCount: number;

  @Index('idx_rag_pages_indexed_at')
  @Column({ name: 'indexed_at', type: 'bigint', transformer: epochMs })
  indexedAt: number;

  /** When the page was last fetched whole (a 200; a 304 leaves it). */
  @Column({ name: 'fetched_at', type: 'bigint', transformer: epochMs })
  fetchedAt: number;
}
