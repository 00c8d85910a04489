import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { IndexSnapshot } from './index-counts';

export class VectorMaintenanceParams {
  /** Write a compressed logical backup of every Chroma collection first. */
  @IsOptional()
  @IsBoolean()
  backup: boolean = true;

  /** Verify the index against the manifest and repair it: orphan chunks deleted, missing ones indexed again. */
  @IsOptional()
  @IsBoolean()
  optimize: boolean = true;

  /** Backups kept, the newest ones (default DOCUMENTS_BACKUP_KEEP, 7). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  keep_backups?: number;
}

/** A backup written: the file (relative to the backups folder, what documents.restore-backup takes) and its content. */
export interface BackupWritten {
  backup: string;
  bytes: number;
  records: number;
  collections: { name: string; count: number }[];
}

/** What a verification found and repaired. */
export interface RepairOutcome {
  consistent: boolean;
  orphans_found: number;
  orphans_deleted: number;
  collections_dropped: string[];
  documents_missing_chunks: number;
  reindexed: string[];
  reindex_failed: { source: string; error: string }[];
  interrupted_finished: number;
}

export interface VectorMaintenanceResult {
  before: IndexSnapshot;
  after: IndexSnapshot;
  backup: BackupWritten | null;
  /** Older backups deleted to keep the newest `keep_backups`. */
  backups_deleted: string[];
  repair: RepairOutcome | null;
  report_id: string;
}

export const VECTOR_MAINTENANCE_FLOW = defineFlow<VectorMaintenanceParams, VectorMaintenanceResult>({
  name: 'documents.vector-maintenance',
  queue: DOCUMENTS_QUEUE,
  description:
    'Backs up every Chroma collection (compressed, the newest kept), then verifies the index against the manifest and repairs it; counts and space before and after',
  params: VectorMaintenanceParams,
  // One at a time: two repairs at once would each see the other's work as orphans.
  concurrencyLimit: 1,
  timeoutMs: 4 * 60 * 60 * 1000,
});
