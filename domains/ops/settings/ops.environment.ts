import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from '@relais/config';
import { NotificationsEnvironmentDto } from '@relais/notifications';

/** An optional whole-number variable from `min` to `max`, its one message naming it. */
function OptionalInteger(name: string, min: number, max: number): PropertyDecorator {
  const rule = { message: `${name} must be an integer between ${min} and ${max}` };
  return applyDecorators(IsOptional(), Transform(toInt), IsInt(rule), Min(min, rule), Max(max, rule));
}

/**
 * The ops domain's environment: the notification variables (SMTP, Slack, webhook, delivery, evaluation: the
 * lib's own class, so their rules live once) and the maintenance ones (backups, retention, cleanup). Every
 * process validates them at start with the platform's. docs/configuration.md lists them.
 */
export class OpsEnvironment extends NotificationsEnvironmentDto {
  /** Where `ops.daily-maintenance` writes database backups (default `<RELAIS_DATA_DIR>/backups`). */
  @IsOptional()
  @IsString({ message: 'BACKUP_DIR must be a directory path' })
  @MaxLength(1000, { message: 'BACKUP_DIR must be at most 1000 characters' })
  BACKUP_DIR?: string;

  @OptionalInteger('BACKUP_KEEP', 1, 1000)
  BACKUP_KEEP?: number;

  @OptionalInteger('RETENTION_RUNS_DAYS', 1, 3650)
  RETENTION_RUNS_DAYS?: number;

  @OptionalInteger('RETENTION_NOTIFICATIONS_DAYS', 1, 3650)
  RETENTION_NOTIFICATIONS_DAYS?: number;

  @OptionalInteger('RETENTION_LOGS_DAYS', 1, 3650)
  RETENTION_LOGS_DAYS?: number;

  @OptionalInteger('RETENTION_BATCH_SIZE', 10, 10000)
  RETENTION_BATCH_SIZE?: number;

  /** Comma-separated roots the cleanup may delete old files under; nothing outside them is ever touched. */
  @IsOptional()
  @IsString({ message: 'CLEANUP_DIRECTORIES must be a comma-separated list of directories' })
  @MaxLength(4000, { message: 'CLEANUP_DIRECTORIES must be at most 4000 characters' })
  CLEANUP_DIRECTORIES?: string;

  @OptionalInteger('CLEANUP_MAX_AGE_HOURS', 1, 8760)
  CLEANUP_MAX_AGE_HOURS?: number;
}
