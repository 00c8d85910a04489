import { defineFlow } from '@relais/contracts';
import { FolderIngestionParams } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';

/** A folder's files, each ingested by its own `documents.ingest-file` child run. */
export class BatchParams extends FolderIngestionParams {}

/** How one file of a batch ended. */
export interface BatchFileOutcome {
  source: string;
  /** indexed (chunks written), unchanged (nothing to do), failed. */
  status: 'indexed' | 'unchanged' | 'failed';
  chunks: number;
  /** The child run that ingested it; null when nothing had to run (unchanged, or refused again). */
  run_id: string | null;
  /** Why it failed: corrupt, empty, encrypted, too_small, too_large, index_failed, embedding_failed, error. */
  error_code: string | null;
  error: string | null;
  duration_ms: number | null;
}

/** A test query's outcome: the best passages and their scores (cosine similarity, 1 is identical). */
export interface TestQueryOutcome {
  question: string;
  best_score: number;
  /** The best passage comes from a file of this batch. */
  from_batch: boolean;
  results: { source: string; score: number; chunk_index: number }[];
}

export interface BatchResult {
  folder: string;
  /** Files found with the extensions asked. */
  found: number;
  /** Ingested or already current. */
  processed: number;
  indexed: number;
  unchanged: number;
  failed: number;
  /** processed ÷ found, in per cent (100 for an empty folder). */
  success_rate: number;
  /** Chunks standing for the processed files. */
  chunks: number;
  /** Chunks written by this batch. */
  chunks_written: number;
  /** Mean time of the files that had to run (ms). */
  mean_time_per_file_ms: number;
  files: BatchFileOutcome[];
  test_queries: TestQueryOutcome[];
  report_id: string;
  duration_ms: number;
}

export const BATCH_FLOW = defineFlow<BatchParams, BatchResult>({
  name: 'documents.batch',
  queue: DOCUMENTS_QUEUE,
  description:
    'Ingests the files of a folder, a few at once, each as its own documents.ingest-file run retried on its own; unchanged files cost a hash; a summary and optional test queries',
  params: BatchParams,
  timeoutMs: 6 * 60 * 60 * 1000,
});
