import { defineDomain } from '@relais/domain-kit';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@relais/notifications';
import { HEALTH_CHECK_FLOW } from './contracts/health-check.contract';
import {
  DAILY_MAINTENANCE_FLOW,
  EMERGENCY_MAINTENANCE_FLOW,
  RESTORE_BACKUP_FLOW,
  WEEKLY_MAINTENANCE_FLOW,
} from './contracts/maintenance.contract';
import {
  ANALYTICS_REPORT_FLOW,
  CONTINUOUS_MONITORING_FLOW,
  PERFORMANCE_MONITORING_FLOW,
} from './contracts/monitoring.contract';
import { OPS_DEPLOYMENTS } from './contracts/ops.deployments';
import { OpsApiModule } from './gateway/ops-api.module';
import { OPS_ROUTES } from './gateway/ops-routes';
import { DatabaseBackups } from './persistence/database-backups';
import { DatabaseUpkeep } from './persistence/database-upkeep';
import { NotificationRetentionRepository } from './persistence/notification-retention.repository';
import { RunRetentionRepository } from './persistence/run-retention.repository';
import { RunStatisticsRepository } from './persistence/run-statistics.repository';
import { OPS_DOMAIN_NAME, OPS_SETTINGS } from './settings/ops.settings';

/**
 * Ops: the platform looking after itself (health checks, alerting, maintenance, monitoring and analytics). Its
 * worker is apps/worker-ops; the scheduler evaluates its alert rules and sends notifications;
 * docs/domains/ops.md is its user's page.
 */
export const OPS_DOMAIN = defineDomain({
  name: OPS_DOMAIN_NAME,
  description: 'Health checks, alerting, maintenance, monitoring and analytics of the platform itself',
  flows: [
    HEALTH_CHECK_FLOW,
    DAILY_MAINTENANCE_FLOW,
    WEEKLY_MAINTENANCE_FLOW,
    EMERGENCY_MAINTENANCE_FLOW,
    RESTORE_BACKUP_FLOW,
    PERFORMANCE_MONITORING_FLOW,
    CONTINUOUS_MONITORING_FLOW,
    ANALYTICS_REPORT_FLOW,
  ],
  deployments: OPS_DEPLOYMENTS,
  // Notifications, their deliveries, rules and alert states: the platform's alerting, which ops owns.
  // The maintenance repositories work on the platform's tables (backups, retention, upkeep).
  tables: {
    entities: NOTIFICATION_ENTITIES,
    migrations: NOTIFICATION_MIGRATIONS,
    repositories: [
      DatabaseBackups,
      DatabaseUpkeep,
      RunRetentionRepository,
      NotificationRetentionRepository,
      RunStatisticsRepository,
    ],
  },
  settings: OPS_SETTINGS,
  gateway: { module: OpsApiModule, legacyRoutes: OPS_ROUTES },
  figures: [
    { key: 'health_checks', label: 'Health checks completed', flow: HEALTH_CHECK_FLOW.name, count: 'completed-runs' },
    {
      key: 'maintenances',
      label: 'Daily maintenances (backups)',
      flow: DAILY_MAINTENANCE_FLOW.name,
      count: 'completed-runs',
    },
  ],
});
