import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { OPS_QUEUE } from './ops.queue';

/** One maintenance action as its run reports it. */
export interface MaintenanceActionReport {
  action: string;
  /** `skipped`: not applicable here (no Chroma configured, a cleanup root missing). */
  status: 'done' | 'skipped' | 'failed';
  summary: string;
  details?: Record<string, unknown>;
}

/** What every maintenance flow returns: its actions, in order, and the report's ids. */
export interface MaintenanceResult {
  ok: boolean;
  actions: MaintenanceActionReport[];
  report_id: string;
  summary_id: string;
}

export class DailyMaintenanceParams {
  /** Take a database backup first (default true). */
  @IsOptional()
  @IsBoolean()
  backup: boolean = true;
}

export class WeeklyMaintenanceParams {
  /** Also apply retention, as the daily maintenance does (default false: the daily one already did). */
  @IsOptional()
  @IsBoolean()
  retention: boolean = false;
}

export class EmergencyMaintenanceParams {
  /** What is wrong, in words: the actions are picked from it (emergency-plan.ts). */
  @IsString()
  @MinLength(3, { message: 'issue_description must say what is wrong (3–2000 characters)' })
  @MaxLength(2000, { message: 'issue_description must say what is wrong (3–2000 characters)' })
  issue_description: string;
}

export class RestoreBackupParams {
  /** A backup's file name in BACKUP_DIR (see the daily maintenance's report). */
  @IsString()
  @MaxLength(100)
  @Matches(/^relais-(sqlite|mysql)-\d{8}T\d{9}Z\.(sqlite|sql)\.gz$/, {
    message: 'backup must be a backup file name such as relais-sqlite-20260101T030000000Z.sqlite.gz',
  })
  backup: string;

  /** Where to restore: a new SQLite file BACKUP_DIR/restored/<target>.sqlite, or a new database on the server. */
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_]{1,64}$/, { message: 'target must be 1–64 letters, digits or _ (a new file or database)' })
  target: string;
}

export interface RestoreBackupResult {
  backup: string;
  target: string;
  method: string;
  tables: Record<string, number>;
}

const HOUR = 60 * 60 * 1000;

export const DAILY_MAINTENANCE_FLOW = defineFlow<DailyMaintenanceParams, MaintenanceResult>({
  name: 'ops.daily-maintenance',
  queue: OPS_QUEUE,
  description: 'Database backup (gzip, keep N), run and log retention (logs archived), queue history, temp cleanup',
  params: DailyMaintenanceParams,
  retry: { attempts: 2, backoffMs: 60_000 },
  timeoutMs: 2 * HOUR,
  concurrencyLimit: 1,
});

export const WEEKLY_MAINTENANCE_FLOW = defineFlow<WeeklyMaintenanceParams, MaintenanceResult>({
  name: 'ops.weekly-maintenance',
  queue: OPS_QUEUE,
  description: 'Backup, database integrity check and optimisation, backup rotation, temp cleanup',
  params: WeeklyMaintenanceParams,
  retry: { attempts: 2, backoffMs: 60_000 },
  timeoutMs: 3 * HOUR,
  concurrencyLimit: 1,
});

export const EMERGENCY_MAINTENANCE_FLOW = defineFlow<
  EmergencyMaintenanceParams,
  MaintenanceResult & { issues: string[] }
>({
  name: 'ops.emergency-maintenance',
  queue: OPS_QUEUE,
  description: 'Actions picked from a described issue (disk, memory, database, queue, vector store), each reported',
  params: EmergencyMaintenanceParams,
  // One attempt: an operator reads what happened before anything runs again.
  timeoutMs: HOUR,
  concurrencyLimit: 1,
});

export const RESTORE_BACKUP_FLOW = defineFlow<RestoreBackupParams, RestoreBackupResult>({
  name: 'ops.restore-backup',
  queue: OPS_QUEUE,
  description: 'Restore a backup into a new SQLite file or an empty database, and count its rows',
  params: RestoreBackupParams,
  // One attempt: a half-restored target is refused by the next one anyway (it is not empty).
  timeoutMs: 2 * HOUR,
  concurrencyLimit: 1,
});
