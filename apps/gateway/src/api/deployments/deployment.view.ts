import type { DeploymentSummary } from '@relais/contracts';
import type { DeploymentEntity } from '@relais/persistence';
import { isoOrNull } from '../runs/run.views';

export function deploymentSummaryOf(deployment: DeploymentEntity): DeploymentSummary {
  return {
    name: deployment.name,
    flowName: deployment.flowName,
    description: deployment.description,
    parameters: deployment.parameters,
    schedule: scheduleOf(deployment),
    paused: deployment.paused,
    tags: deployment.tags,
    inCatalogue: deployment.inCatalogue,
    lastRunId: deployment.lastRunId,
    lastRunAt: isoOrNull(deployment.lastRunAt),
    nextRunAt: isoOrNull(deployment.nextRunAt),
  };
}

function scheduleOf(deployment: DeploymentEntity): DeploymentSummary['schedule'] {
  if (deployment.scheduleCron) {
    // The catalogue sync stores the time zone the cron runs in (its own or RELAIS_TIMEZONE).
    return { cron: deployment.scheduleCron, timezone: deployment.scheduleTimezone ?? 'UTC' };
  }
  if (deployment.scheduleEveryMs) return { everyMs: deployment.scheduleEveryMs };
  return null;
}
