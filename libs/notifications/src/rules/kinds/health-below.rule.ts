import { RunState } from '@relais/contracts';
import type { EndedRun } from '../../persistence/alert-source.reader';
import type { AlertRuleOf } from '../alert-rule';
import { observe, type DecidedNotification, type StateBook } from '../alert-outcome';

const DEFAULT_FLOWS = ['ops.health-check'];
/** The health check's own default (`alert_threshold=70`), when neither the rule nor the run gives one. */
const DEFAULT_THRESHOLD = 70;

/** True when the rule reads this run's result (the evaluator loads results only for those). */
export function healthRuleReads(rule: AlertRuleOf<'health-below'>, run: EndedRun): boolean {
  return run.state === RunState.COMPLETED && (rule.params.flows ?? DEFAULT_FLOWS).includes(run.flowName);
}

/**
 * `health-below`: a completed health check whose `score` is under the threshold (the rule's, else the run's
 * `alert_threshold`) fires; the alert repeats once per cooldown while scores stay low; a score at or above the
 * threshold resolves it. One subject per flow.
 */
export function applyHealthResult(
  rule: AlertRuleOf<'health-below'>,
  run: EndedRun,
  result: unknown,
  book: StateBook,
  now: number,
): DecidedNotification | null {
  if (!healthRuleReads(rule, run) || typeof result !== 'object' || result === null) return null;
  const { score, alert_threshold: runThreshold, status } = result as Record<string, unknown>;
  if (typeof score !== 'number') return null;
  const threshold = rule.params.threshold ?? (typeof runThreshold === 'number' ? runThreshold : DEFAULT_THRESHOLD);
  const bad = score < threshold;
  const subject = run.flowName;
  const data = {
    run_id: run.id,
    flow: run.flowName,
    score,
    threshold,
    status: typeof status === 'string' ? status : null,
  };
  return observe(book, rule, subject, { bad, at: run.updatedAt, eventId: run.id }, 'condition', now, (decision) =>
    decision === 'resolve'
      ? {
          event: 'health.below-threshold.resolved',
          title: `Resolved: health score ${score}/100`,
          message: `The health score is back to ${score}/100 (threshold ${threshold}).`,
          severity: 'info',
          isAlert: false,
          data,
          dedupeKey: `health-below:${rule.id}:${subject}:resolved:${run.id}`,
        }
      : {
          event: 'health.below-threshold',
          title: `Health score ${score}/100 is under ${threshold}`,
          message:
            `${decision === 'repeat' ? 'Still low: the' : 'The'} health check ${run.id} scored ${score}/100` +
            `${typeof status === 'string' ? ` (${status})` : ''}, under the alert threshold ${threshold}.`,
          severity: rule.severity,
          isAlert: true,
          data,
          dedupeKey: `health-below:${rule.id}:${subject}:${decision}:${run.id}`,
        },
  );
}
