import { Inject, Injectable } from '@nestjs/common';
import { DAILY_MAINTENANCE_FLOW, DailyMaintenanceParams, type MaintenanceResult } from '@relais/domains/ops/contracts';
import type { MaintenanceAction } from '@relais/domains/ops/maintenance/emergency-plan';
import type { FlowHandler, RunContext } from '@relais/engine';
import { MaintenanceActions } from './maintenance-actions';
import { runMaintenance } from './maintenance.run';

/** The daily order: back up before anything is deleted, archive logs before runs take theirs with them. */
const DAILY: readonly MaintenanceAction[] = [
  'backup-database',
  'prune-backups',
  'archive-logs',
  'delete-old-runs',
  'delete-old-notifications',
  'trim-queues',
  'clean-temp',
  'check-vector-store',
];

/** `ops.daily-maintenance` (03:00): backup, retention, queue history, temp cleanup, vector store check. */
@Injectable()
export class DailyMaintenanceFlow implements FlowHandler<typeof DAILY_MAINTENANCE_FLOW> {
  readonly contract = DAILY_MAINTENANCE_FLOW;

  constructor(@Inject(MaintenanceActions) private readonly actions: MaintenanceActions) {}

  run(ctx: RunContext<DailyMaintenanceParams>): Promise<MaintenanceResult> {
    const params = Object.assign(new DailyMaintenanceParams(), ctx.params);
    return runMaintenance(ctx, this.actions, {
      title: 'Daily maintenance',
      actions: params.backup ? DAILY : DAILY.filter((action) => action !== 'backup-database'),
      critical: ['backup-database'],
    });
  }
}
