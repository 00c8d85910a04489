import { IsBoolean, IsOptional } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { ConfinedPath } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { IndexSnapshot } from './index-counts';
import type { RepairOutcome } from './vector-maintenance.contract';

export class RestoreBackupParams {
  /** The backup file: its name in the backups folder (as documents.vector-maintenance reports it), or a path inside it. */
  @ConfinedPath('backup')
  backup: string;

  /** Then verify the restored index against the manifest and repair it (documents indexed since the backup come back). */
  @IsOptional()
  @IsBoolean()
  repair: boolean = true;
}

export interface RestoreBackupResult {
  backup: string;
  backup_created_at: string;
  records_restored: number;
  collections: { name: string; count: number }[];
  before: IndexSnapshot;
  after: IndexSnapshot;
  repair: RepairOutcome | null;
  report_id: string;
}

export const RESTORE_BACKUP_FLOW = defineFlow<RestoreBackupParams, RestoreBackupResult>({
  name: 'documents.restore-backup',
  queue: DOCUMENTS_QUEUE,
  description:
    'Replaces the Chroma collections with a backup written by documents.vector-maintenance, then repairs what the manifest says changed since',
  params: RestoreBackupParams,
  concurrencyLimit: 1,
  timeoutMs: 4 * 60 * 60 * 1000,
});
