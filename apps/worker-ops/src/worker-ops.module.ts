import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { OPS_QUEUE } from '@relais/domains/ops/contracts';
import { EngineModule } from '@relais/engine';
import { DatabaseProbe } from './health/database-probe';
import { HealthCheckFlow } from './health/health-check.flow';
import { DailyMaintenanceFlow } from './maintenance/daily-maintenance.flow';
import { EmergencyMaintenanceFlow } from './maintenance/emergency-maintenance.flow';
import { MaintenanceActions } from './maintenance/maintenance-actions';
import { RestoreBackupFlow } from './maintenance/restore-backup.flow';
import { WeeklyMaintenanceFlow } from './maintenance/weekly-maintenance.flow';

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
      ],
      providers: [DatabaseProbe, MaintenanceActions],
    }),
  ],
})
export class WorkerOpsModule {}
