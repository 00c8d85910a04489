import { Inject, Injectable } from '@nestjs/common';
import {
  WEEKLY_MAINTENANCE_FLOW,
  WeeklyMaintenanceParams,
  type MaintenanceResult,
} from '@relais/domains/ops/contracts';
import type { MaintenanceAction } from '@relais/domains/ops/maintenance/emergency-plan';
import type { FlowHandler, RunContext } from '@relais/engine';
import { MaintenanceActions } from './maintenance-actions';
import { runMaintenance } from './maintenance.run';

/** Check the database before backing it up (a corrupt file is reported, not rotated in), then optimise it. */
const WEEKLY: readonly MaintenanceAction[] = [
  'check-database',
  'backup-database',
  'prune-backups',
  'optimize-database',
  'trim-queues',
  'clean-temp',
  'check-vector-store',
];

/** `ops.weekly-maintenance` (Sunday 04:00): integrity check, backup, rotation, optimisation, cleanup. */
@Injectable()
export class WeeklyMaintenanceFlow implements FlowHandler<typeof WEEKLY_MAINTENANCE_FLOW> {
  readonly contract = WEEKLY_MAINTENANCE_FLOW;

  constructor(@Inject(MaintenanceActions) private readonly actions: MaintenanceActions) {}

  run(ctx: RunContext<WeeklyMaintenanceParams>): Promise<MaintenanceResult> {
    const params = Object.assign(new WeeklyMaintenanceParams(), ctx.params);
    const retention: MaintenanceAction[] = params.retention
      ? ['archive-logs', 'delete-old-runs', 'delete-old-notifications']
      : [];
    return runMaintenance(ctx, this.actions, {
      title: 'Weekly maintenance',
      actions: [...WEEKLY.slice(0, 3), ...retention, ...WEEKLY.slice(3)],
      critical: ['backup-database'],
    });
  }
}
