import { RunState } from '@relais/contracts';
import type { DeploymentFacts, EndedRun } from '../../persistence/alert-source.reader';
import type { AlertRuleOf } from '../alert-rule';
import { observe, type DecidedNotification, type StateBook } from '../alert-outcome';
import { matchesRunFilter } from '../run-filter';

/** The dedupe key of a failed run's occurrence: once per rule, run and ending (a retried run can fail again). */
export function runFailedKey(rule: AlertRuleOf<'run-failed'>, run: EndedRun): string {
  return `run-failed:${rule.id}:${run.id}:${run.endedAt ?? run.updatedAt}`;
}

/**
 * `run-failed`: each run of a matching flow that ended FAILED or CRASHED is an occurrence (per flow: one alert,
 * then repeats after the cooldown); the next COMPLETED run of that flow resolves it.
 */
export function applyEndedRunToRunFailed(
  rule: AlertRuleOf<'run-failed'>,
  run: EndedRun,
  book: StateBook,
  deployments: ReadonlyMap<string, DeploymentFacts>,
  redact: (text: string) => string,
  now: number,
): DecidedNotification | null {
  if (!matchesRunFilter(rule.params, run, deployments)) return null;
  const states = rule.params.states?.length ? rule.params.states : ['FAILED', 'CRASHED'];
  const bad = states.includes(run.state);
  if (!bad && run.state !== RunState.COMPLETED) return null;
  const subject = run.flowName;
  return observe(
    book,
    rule,
    subject,
    { bad, at: run.updatedAt, eventId: run.id },
    'occurrence',
    now,
    (decision, before) => {
      const held = before?.suppressedCount ?? 0;
      const heldNote =
        held > 0 ? ` ${held} more failure${held > 1 ? 's' : ''} of this flow were held back by the cooldown.` : '';
      if (decision === 'resolve') {
        return {
          event: 'run.failed.resolved',
          title: `Resolved: ${run.flowName} completed again`,
          message: `Run ${run.id} of ${run.flowName} completed after earlier failures.${heldNote}`,
          severity: 'info',
          isAlert: false,
          data: runData(run),
          dedupeKey: `run-failed:${rule.id}:${subject}:resolved:${run.id}`,
        };
      }
      const verb = run.state === RunState.CRASHED ? 'crashed' : 'failed';
      const error = run.error ? `: ${redact(run.error).slice(0, 2000)}` : '';
      return {
        event: 'run.failed',
        title: `Run ${verb}: ${run.flowName}${run.deploymentName ? ` (${run.deploymentName})` : ''}`,
        message:
          `Run ${run.id} of ${run.flowName} ended ${run.state} after ${run.attempts}/${run.maxAttempts} attempts` +
          `${error}.${decision === 'repeat' ? heldNote : ''}`,
        severity: rule.severity,
        isAlert: true,
        data: { ...runData(run), error: run.error ? redact(run.error).slice(0, 2000) : null },
        dedupeKey: runFailedKey(rule, run),
      };
    },
  );
}

function runData(run: EndedRun): Record<string, unknown> {
  return {
    run_id: run.id,
    flow: run.flowName,
    deployment: run.deploymentName,
    state: run.state,
    attempts: run.attempts,
    max_attempts: run.maxAttempts,
    ended_at: run.endedAt === null ? null : new Date(run.endedAt).toISOString(),
  };
}
