import { defineFlow } from '@relais/contracts';
import { ChunkingParams, ConfinedPath } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';

export class IngestFileParams extends ChunkingParams {
  /** The file: relative to the data directory or absolute, inside the documents roots. */
  @ConfinedPath('folder')
  file: string;
}

/** What ingesting one file did. */
export interface IngestFileResult {
  /** Where the file is recorded in the manifest (its path relative to the data directory, or absolute). */
  source: string;
  document_id: string;
  /** `indexed` (new or changed: chunks written) or `unchanged` (nothing written). */
  status: 'indexed' | 'unchanged';
  /** Why it was indexed: new, content-changed, chunker-changed, embedder-changed, retry. */
  reason: string | null;
  format: string | null;
  chunks: number;
  /** Chunks of the previous version deleted after the new ones were written. */
  replaced_chunks: number;
  encoding: string | null;
  pages: number | null;
  warnings: string[];
  duration_ms: number;
}

export const INGEST_FILE_FLOW = defineFlow<IngestFileParams, IngestFileResult>({
  name: 'documents.ingest-file',
  queue: DOCUMENTS_QUEUE,
  description:
    'Parses, chunks, embeds and indexes one file into Chroma (nothing is written when it is unchanged); a refused file fails at once with its reason',
  params: IngestFileParams,
  // Chroma or the embedding provider briefly away: try again. A refused file (corrupt, empty…) is not retried.
  retry: { attempts: 3, backoffMs: 2000 },
  timeoutMs: 10 * 60 * 1000,
});
