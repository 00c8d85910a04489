import type { DeploymentFacts } from '../../persistence/alert-source.reader';
import type { AlertRuleOf } from '../alert-rule';
import { observe, type DecidedNotification, type StateBook } from '../alert-outcome';

const HOUR = 3_600_000;

/**
 * `flow-silent` (proactive): no run of the flow created in the last `hours` has COMPLETED. Time before the rule
 * existed does not count (a new install does not alert at once), nor does a flow whose every deployment is
 * paused (it is not expected to run). Fires once, repeats once per cooldown, resolves at the next completion.
 */
export function applyFlowSilence(
  rule: AlertRuleOf<'flow-silent'>,
  lastCompletedAt: number | null,
  book: StateBook,
  deployments: ReadonlyMap<string, DeploymentFacts>,
  now: number,
): DecidedNotification | null {
  const { flow, hours } = rule.params;
  const ofFlow = [...deployments.values()].filter((deployment) => deployment.flowName === flow);
  if (ofFlow.length > 0 && ofFlow.every((deployment) => deployment.paused)) return null;
  const since = Math.max(lastCompletedAt ?? 0, rule.createdAt);
  const bad = now - since > hours * HOUR;
  const lastText = lastCompletedAt === null ? 'never' : new Date(lastCompletedAt).toISOString();
  const data = {
    flow,
    hours,
    last_completed_at: lastCompletedAt === null ? null : lastText,
  };
  return observe(book, rule, flow, { bad, at: now, eventId: '' }, 'condition', now, (decision, before) =>
    decision === 'resolve'
      ? {
          event: 'flow.silent.resolved',
          title: `Resolved: ${flow} completed again`,
          message: `A run of ${flow} created at ${lastText} completed.`,
          severity: 'info',
          isAlert: false,
          data,
          dedupeKey: `flow-silent:${rule.id}:${flow}:resolved:${before?.firedAt ?? 0}`,
        }
      : {
          event: 'flow.silent',
          title: `No completed run of ${flow} in ${hours} h`,
          message: `No run of ${flow} created in the last ${hours} hours has completed (last completed: ${lastText}).`,
          severity: rule.severity,
          isAlert: true,
          data,
          dedupeKey: `flow-silent:${rule.id}:${flow}:${decision}:${lastCompletedAt ?? 'none'}:${Math.floor(now / Math.max(rule.cooldownMs, HOUR))}`,
        },
  );
}
