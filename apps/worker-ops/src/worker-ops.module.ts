import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { OPS_QUEUE } from '@relais/domains/ops/contracts';
import { notificationsConfigOf } from '@relais/domains/ops/settings/ops.settings';
import { EngineModule } from '@relais/engine';
import { NotificationsModule } from '@relais/notifications';
import { DatabaseProbe } from './health/database-probe';
import { HealthCheckFlow } from './health/health-check.flow';
import { DailyMaintenanceFlow } from './maintenance/daily-maintenance.flow';
import { EmergencyMaintenanceFlow } from './maintenance/emergency-maintenance.flow';
import { MaintenanceActions } from './maintenance/maintenance-actions';
import { RestoreBackupFlow } from './maintenance/restore-backup.flow';
import { WeeklyMaintenanceFlow } from './maintenance/weekly-maintenance.flow';
import { AnalyticsReportFlow } from './monitoring/analytics-report.flow';
import { ContinuousMonitoringFlow } from './monitoring/continuous-monitoring.flow';
import { INSTALLED_DOMAINS } from './monitoring/installed-domains';
import { MonitoringProbes } from './monitoring/monitoring-probes';
import { PerformanceMonitoringFlow } from './monitoring/performance-monitoring.flow';

/** Runs the `ops` queue: monitoring, maintenance and analytics flows. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: OPS_QUEUE,
      flows: [
        HealthCheckFlow,
        DailyMaintenanceFlow,
        WeeklyMaintenanceFlow,
        EmergencyMaintenanceFlow,
        RestoreBackupFlow,
        PerformanceMonitoringFlow,
        ContinuousMonitoringFlow,
        AnalyticsReportFlow,
      ],
      providers: [
        DatabaseProbe,
        MaintenanceActions,
        MonitoringProbes,
        { provide: INSTALLED_DOMAINS, useValue: DOMAINS },
      ],
      // A flow's own messages (continuous monitoring's alerts): stored here, sent by the scheduler.
      imports: [NotificationsModule.forRoot({ dispatch: false, evaluate: false }, { configOf: notificationsConfigOf })],
    }),
  ],
})
export class WorkerOpsModule {}
