import type { MaintenanceActionReport, MaintenanceResult } from '@relais/domains/ops/contracts';
import type { MaintenanceAction } from '@relais/domains/ops/maintenance/emergency-plan';
import { NonRetryableError, type RunContext } from '@relais/engine';
import type { MaintenanceActions } from './maintenance-actions';
import { maintenanceSummary } from './maintenance-summary';

/**
 * Raised after the reports are stored when an action failed: the run ends FAILED and the run-failed rule alerts.
 * Not retried: another attempt would replay the same stored steps, failed one included.
 */
export class MaintenanceActionsFailed extends NonRetryableError {
  constructor(failed: readonly MaintenanceActionReport[]) {
    super(`Maintenance actions failed: ${failed.map((action) => `${action.action} (${action.summary})`).join('; ')}`);
    this.name = 'MaintenanceActionsFailed';
  }
}

export interface MaintenancePlan {
  title: string;
  actions: readonly MaintenanceAction[];
  /** Actions whose failure stops the run at once: nothing is deleted after a backup that failed. */
  critical?: readonly MaintenanceAction[];
}

/**
 * Runs the plan's actions, each as a durable step (a retried run does not back up twice), stores a JSON report
 * and a Markdown summary, and fails the run after them if an action failed. A non-critical action's error is
 * recorded as that action's failure and the next actions still run: a cleanup root that cannot be read must not
 * leave the logs unarchived.
 */
export async function runMaintenance(
  ctx: RunContext,
  actions: MaintenanceActions,
  plan: MaintenancePlan,
  extra: Record<string, unknown> = {},
): Promise<MaintenanceResult> {
  const reports: MaintenanceActionReport[] = [];
  for (const [index, action] of plan.actions.entries()) {
    const report = await ctx.step(action, async ({ signal }) => {
      try {
        return await actions.run(action, signal);
      } catch (error) {
        if (signal.aborted || plan.critical?.includes(action)) throw error;
        return { action, status: 'failed' as const, summary: error instanceof Error ? error.message : String(error) };
      }
    });
    reports.push(report);
    const line = `${action}: ${report.summary}`;
    if (report.status === 'failed') ctx.log.error(line);
    else ctx.log.info(line);
    ctx.progress(Math.round(((index + 1) / (plan.actions.length + 1)) * 100), `${action} ${report.status}`);
  }
  const at = new Date().toISOString();
  const reportId = await ctx.report('json', 'maintenance-report', {
    title: plan.title,
    at,
    ...extra,
    actions: reports,
  });
  const summaryId = await ctx.report('markdown', 'maintenance-summary', maintenanceSummary(plan.title, reports, at));
  ctx.progress(100, `${plan.title} done`);
  const failed = reports.filter((report) => report.status === 'failed');
  if (failed.length > 0) throw new MaintenanceActionsFailed(failed);
  return { ok: true, actions: reports, report_id: reportId, summary_id: summaryId };
}
