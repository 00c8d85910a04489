import type { DeploymentSummary } from '@relais/contracts/api/api-types';
import { formatDuration } from '../output/format-duration';
import { formatRelativeTime } from '../output/format-relative-time';
import { renderTable, type TableCell } from '../output/table';
import type { TerminalStyle } from '../output/terminal-style';

/** `deployment ls`: schedule, paused or active, next and last run. */
export function renderDeployments(
  deployments: readonly DeploymentSummary[],
  style: TerminalStyle,
  now = Date.now(),
): string {
  if (deployments.length === 0) return 'No deployments.';
  return renderTable(
    [
      { header: 'NAME' },
      { header: 'FLOW' },
      { header: 'SCHEDULE' },
      { header: 'STATUS' },
      { header: 'NEXT RUN' },
      { header: 'LAST RUN' },
      { header: 'TAGS' },
    ],
    deployments.map((deployment) => [
      deployment.name,
      deployment.flowName,
      scheduleText(deployment.schedule),
      statusCell(deployment, style),
      deployment.paused || !deployment.inCatalogue ? '-' : formatRelativeTime(deployment.nextRunAt, now),
      formatRelativeTime(deployment.lastRunAt, now),
      deployment.tags.join(','),
    ]),
  );
}

/** One line after pause or resume. */
export function renderDeploymentChange(deployment: DeploymentSummary, style: TerminalStyle, now = Date.now()): string {
  if (deployment.paused) return `Deployment ${deployment.name} is ${style.yellow('paused')}.`;
  const next = deployment.nextRunAt ? `; next run ${formatRelativeTime(deployment.nextRunAt, now)}` : '';
  return `Deployment ${deployment.name} is ${style.green('active')}${next}.`;
}

/**
 * What `pause --all` or `resume --all` changed, from the deployments before and after: resume --all wakes only
 * what pause --all paused, so the deployments it left paused are named with the way to resume them.
 */
export function renderAllDeploymentsChange(
  action: 'pause' | 'resume',
  before: readonly DeploymentSummary[],
  after: readonly DeploymentSummary[],
): string {
  const wasPaused = new Map(before.map((deployment) => [deployment.name, deployment.paused]));
  const inCatalogue = after.filter((deployment) => deployment.inCatalogue);
  const changed = inCatalogue.filter((deployment) => wasPaused.get(deployment.name) !== deployment.paused);
  const names = (list: readonly DeploymentSummary[]): string => list.map((deployment) => deployment.name).join(', ');
  const counted = (count: number): string => `${count} deployment${count === 1 ? '' : 's'}`;
  if (action === 'pause') {
    const already = inCatalogue.filter((deployment) => deployment.paused && wasPaused.get(deployment.name));
    return [
      changed.length > 0 ? `Paused ${counted(changed.length)}: ${names(changed)}.` : 'No active deployment to pause.',
      ...(already.length > 0 ? [`Already paused, left as they are: ${names(already)}.`] : []),
      ...(changed.length > 0 ? ['`relais deployment resume --all` resumes these.'] : []),
    ].join('\n');
  }
  const stillPaused = inCatalogue.filter((deployment) => deployment.paused);
  return [
    changed.length > 0
      ? `Resumed ${counted(changed.length)}: ${names(changed)}.`
      : 'No deployment was paused by `pause --all`: nothing to resume.',
    ...(stillPaused.length > 0
      ? [`Still paused (not by pause --all; resume one by name): ${names(stillPaused)}.`]
      : []),
  ].join('\n');
}

/** Retired: gone from the code catalogue, kept for its history and never scheduled. */
function statusCell(deployment: DeploymentSummary, style: TerminalStyle): TableCell {
  if (!deployment.inCatalogue) return { text: 'retired', style: style.dim };
  return deployment.paused ? { text: 'paused', style: style.yellow } : { text: 'active', style: style.green };
}

function scheduleText(schedule: DeploymentSummary['schedule']): string {
  if (!schedule) return 'manual';
  if ('everyMs' in schedule) return `every ${formatDuration(schedule.everyMs)}`;
  return `${schedule.cron} (${schedule.timezone})`;
}
