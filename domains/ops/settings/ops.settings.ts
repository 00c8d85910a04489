import { resolve } from 'node:path';
import type { RelaisConfig } from '@relais/config';
import { domainSettingsOf, type ConfigWithDomains, type DomainSettings } from '@relais/domain-kit';
import { notificationsConfigFrom, type NotificationsConfig } from '@relais/notifications';
import { OpsEnvironment } from './ops.environment';

/** What the maintenance flows may do, and where. */
export interface MaintenanceSettings {
  backupDir: string;
  /** Backups kept per database; older ones are deleted after each new one. */
  backupKeep: number;
  /** Ended runs (with their steps and reports) older than this are deleted. */
  runRetentionDays: number;
  /** Notifications (and their delivery rows) older than this are deleted, unless a delivery is still pending. */
  notificationRetentionDays: number;
  /** Log lines older than this are archived (gzip JSONL) then deleted. */
  logRetentionDays: number;
  /** Rows per DELETE: short statements that never hold a table's lock for long. */
  retentionBatchSize: number;
  /** The only directories the temp/cache cleanup deletes files under. */
  cleanupDirectories: string[];
  cleanupMaxAgeHours: number;
}

/** The ops domain's validated settings. */
export interface OpsSettings {
  /** `timezone` is the platform's: read it with notificationsConfigOf(). */
  notifications: NotificationsConfig;
  maintenance: MaintenanceSettings;
}

/** The domain's name: its routes are under /api/ops, its settings at config.domains.ops. */
export const OPS_DOMAIN_NAME = 'ops';

/** How the ops domain reads, types and redacts its environment. */
export const OPS_SETTINGS: DomainSettings<OpsSettings> = {
  environment: OpsEnvironment,
  load(environment, platform) {
    const env = environment as OpsEnvironment;
    return {
      // The loader does not hand domains the time zone; notificationsConfigOf() sets the platform's.
      notifications: notificationsConfigFrom(env, { dataDir: platform.dataDir, timezone: 'UTC' }),
      maintenance: {
        backupDir: resolve(env.BACKUP_DIR ?? resolve(platform.dataDir, 'backups')),
        backupKeep: env.BACKUP_KEEP ?? 7,
        runRetentionDays: env.RETENTION_RUNS_DAYS ?? 90,
        notificationRetentionDays: env.RETENTION_NOTIFICATIONS_DAYS ?? 90,
        logRetentionDays: env.RETENTION_LOGS_DAYS ?? 30,
        retentionBatchSize: env.RETENTION_BATCH_SIZE ?? 500,
        cleanupDirectories: (env.CLEANUP_DIRECTORIES ?? `${platform.dataDir}/tmp,${platform.dataDir}/cache`)
          .split(',')
          .map((directory) => directory.trim())
          .filter(Boolean)
          .map((directory) => resolve(directory)),
        cleanupMaxAgeHours: env.CLEANUP_MAX_AGE_HOURS ?? 24,
      },
    };
  },
  secrets(settings, environment) {
    const env = environment as OpsEnvironment;
    // The variables too: a secret set for a channel that is not enabled is still a secret.
    return [...settings.notifications.secrets, env.SMTP_PASSWORD, env.WEBHOOK_TOKEN, env.WEBHOOK_SIGNING_SECRET].filter(
      (value): value is string => !!value,
    );
  },
};

/** The ops domain's settings from a process's configuration. */
export function opsSettingsOf(config: ConfigWithDomains): OpsSettings {
  return domainSettingsOf(config, { name: OPS_DOMAIN_NAME, settings: OPS_SETTINGS });
}

/** The notifications configuration of a process (NotificationsModule.forRoot's `configOf`). */
export function notificationsConfigOf(config: RelaisConfig): NotificationsConfig {
  return { ...opsSettingsOf(config).notifications, timezone: config.timezone };
}
