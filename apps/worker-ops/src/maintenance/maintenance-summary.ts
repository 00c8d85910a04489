import type { MaintenanceActionReport } from '@relais/domains/ops/contracts';

const MARK: Record<MaintenanceActionReport['status'], string> = { done: '✅', skipped: '⏭️', failed: '❌' };

/** The Markdown summary of a maintenance run: one line per action, in the order they ran. */
export function maintenanceSummary(title: string, actions: readonly MaintenanceActionReport[], at: string): string {
  return [
    `# ${title}`,
    '',
    `${at} — ${actions.filter((action) => action.status === 'failed').length} failed of ${actions.length} actions`,
    '',
    '| | Action | Result |',
    '| --- | --- | --- |',
    ...actions.map(
      (action) => `| ${MARK[action.status]} | ${action.action} | ${action.summary.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ].join('\n');
}
