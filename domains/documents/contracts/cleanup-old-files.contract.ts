import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { DOCUMENTS_QUEUE } from './documents.queue';

export class CleanupOldFilesParams {
  /** Files last modified more than this many days ago are deleted. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  max_age_days: number = 7;

  /** The inbox's archives: processed/ and failed/ (their documents stay indexed). */
  @IsOptional()
  @IsBoolean()
  include_uploads: boolean = true;

  /** The exports folder. */
  @IsOptional()
  @IsBoolean()
  include_exports: boolean = true;

  /** The reports folder (the regression baseline is always kept). */
  @IsOptional()
  @IsBoolean()
  include_reports: boolean = false;

  /** List what would be deleted, delete nothing. */
  @IsOptional()
  @IsBoolean()
  dry_run: boolean = false;
}

export interface CleanupOldFilesResult {
  dry_run: boolean;
  max_age_days: number;
  folders: { folder: string; files: number; bytes: number }[];
  /** Deleted (or, with dry_run, to delete), at most 1000 listed. */
  files: { file: string; bytes: number; modified_at: string }[];
  files_deleted: number;
  bytes_freed: number;
  empty_folders_removed: number;
}

export const CLEANUP_OLD_FILES_FLOW = defineFlow<CleanupOldFilesParams, CleanupOldFilesResult>({
  name: 'documents.cleanup-old-files',
  queue: DOCUMENTS_QUEUE,
  description: 'Deletes old files from the inbox archives, exports and (if asked) reports; dry_run lists them only',
  params: CleanupOldFilesParams,
  timeoutMs: 60 * 60 * 1000,
});
