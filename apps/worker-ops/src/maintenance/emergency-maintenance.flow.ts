import { Inject, Injectable } from '@nestjs/common';
import {
  EMERGENCY_MAINTENANCE_FLOW,
  EmergencyMaintenanceParams,
  type MaintenanceResult,
} from '@relais/domains/ops/contracts';
import { emergencyPlan } from '@relais/domains/ops/maintenance/emergency-plan';
import type { FlowHandler, RunContext } from '@relais/engine';
import { MaintenanceActions } from './maintenance-actions';
import { runMaintenance } from './maintenance.run';

/**
 * `ops.emergency-maintenance {issue_description}` (manual): the actions come from the words of the description
 * (EMERGENCY_RESPONSES in the ops domain); each is reported. A description naming nothing known gets a
 * diagnosis that changes nothing.
 */
@Injectable()
export class EmergencyMaintenanceFlow implements FlowHandler<typeof EMERGENCY_MAINTENANCE_FLOW> {
  readonly contract = EMERGENCY_MAINTENANCE_FLOW;

  constructor(@Inject(MaintenanceActions) private readonly actions: MaintenanceActions) {}

  async run(ctx: RunContext<EmergencyMaintenanceParams>): Promise<MaintenanceResult & { issues: string[] }> {
    const plan = emergencyPlan(ctx.params.issue_description);
    ctx.log.warn(
      plan.issues.length > 0
        ? `Emergency maintenance for: ${plan.issues.join(', ')} → ${plan.actions.join(', ')}`
        : `No known issue named: diagnosis only (${plan.actions.join(', ')})`,
    );
    const result = await runMaintenance(
      ctx,
      this.actions,
      { title: 'Emergency maintenance', actions: plan.actions },
      { issue_description: ctx.params.issue_description, issues: plan.issues },
    );
    return { ...result, issues: plan.issues };
  }
}
