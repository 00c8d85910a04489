import type { DeploymentFacts } from '../persistence/alert-source.reader';
import type { RunFilter } from './alert-rule';

/** True when the run passes every list the filter gives (flows, deployments, its deployment's tags). */
export function matchesRunFilter(
  filter: RunFilter,
  run: { flowName: string; deploymentName: string | null },
  deployments: ReadonlyMap<string, DeploymentFacts>,
): boolean {
  if (filter.flows?.length && !filter.flows.includes(run.flowName)) return false;
  if (filter.deployments?.length && !(run.deploymentName && filter.deployments.includes(run.deploymentName))) {
    return false;
  }
  if (filter.tags?.length) {
    const tags = run.deploymentName ? (deployments.get(run.deploymentName)?.tags ?? []) : [];
    if (!filter.tags.some((tag) => tags.includes(tag))) return false;
  }
  return true;
}
