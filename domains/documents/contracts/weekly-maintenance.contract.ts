import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import type { CleanupOldFilesResult } from './cleanup-old-files.contract';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { DocumentsHealth } from './documents-health';
import type { PerformanceMeasurement } from './pipeline-tests';
import type { VectorMaintenanceResult } from './vector-maintenance.contract';

export class WeeklyMaintenanceParams {
  /** Back up the index during the maintenance. */
  @IsOptional()
  @IsBoolean()
  backup: boolean = true;

  /** Age of the files the cleanup deletes. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  cleanup_max_age_days: number = 14;
}

export interface WeeklyMaintenanceResult {
  maintenance_run_id: string;
  maintenance: Omit<VectorMaintenanceResult, 'report_id'> | null;
  cleanup_run_id: string;
  cleanup: Pick<CleanupOldFilesResult, 'files_deleted' | 'bytes_freed'> | null;
  performance: PerformanceMeasurement;
  health: DocumentsHealth;
  failed_parts: string[];
  report_id: string;
}

export const WEEKLY_MAINTENANCE_FLOW = defineFlow<WeeklyMaintenanceParams, WeeklyMaintenanceResult>({
  name: 'documents.weekly-maintenance',
  queue: DOCUMENTS_QUEUE,
  description:
    'The weekly round: vector maintenance and a cleanup of files older than 14 days (child runs), a performance measurement and a health check, in one report',
  params: WeeklyMaintenanceParams,
  timeoutMs: 6 * 60 * 60 * 1000,
});
