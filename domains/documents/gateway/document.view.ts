import type { DocumentRecord } from '@relais/ingest';

/** A document of the manifest as the API shows it (its chunk ids left out: a large file has thousands). */
export interface DocumentView {
  id: string;
  source: string;
  state: string;
  format: string | null;
  document_type: string | null;
  size_bytes: number;
  sha256: string | null;
  encoding: string | null;
  chunk_count: number;
  embedder_id: string | null;
  chunker_version: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  indexed_at: string | null;
}

export function documentView(record: DocumentRecord): DocumentView {
  return {
    id: record.id,
    source: record.source,
    state: record.state,
    format: record.format,
    document_type: record.documentType,
    size_bytes: record.sizeBytes,
    sha256: record.sha256,
    encoding: record.encoding,
    chunk_count: record.chunkCount,
    embedder_id: record.embedderId,
    chunker_version: record.chunkerVersion,
    error_code: record.errorCode,
    error_message: record.errorMessage,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
    indexed_at: record.indexedAt === null ? null : new Date(record.indexedAt).toISOString(),
  };
}
