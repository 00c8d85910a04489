import { RunState } from '@relais/contracts';
import type { DeploymentFacts, RunningRun } from '../../persistence/alert-source.reader';
import type { AlertRuleOf } from '../alert-rule';
import { observe, type DecidedNotification, type StateBook } from '../alert-outcome';
import { matchesRunFilter } from '../run-filter';

const MINUTE = 60_000;

/** `run-too-long`: one alert per run RUNNING for longer than `minutes`; resolved when the run ends. */
export function applyLongRuns(
  rule: AlertRuleOf<'run-too-long'>,
  running: readonly RunningRun[],
  endedStates: ReadonlyMap<string, { state: RunState; endedAt: number | null }>,
  book: StateBook,
  deployments: ReadonlyMap<string, DeploymentFacts>,
  now: number,
): DecidedNotification[] {
  const decided: DecidedNotification[] = [];
  const limitMs = rule.params.minutes * MINUTE;
  for (const run of running) {
    if (run.startedAt > now - limitMs || !matchesRunFilter(rule.params, run, deployments)) continue;
    const minutes = Math.floor((now - run.startedAt) / MINUTE);
    const outcome = observe(book, rule, run.id, { bad: true, at: now, eventId: run.id }, 'condition', now, () => ({
      event: 'run.too-long',
      title: `Run of ${run.flowName} running for ${minutes} min`,
      message: `Run ${run.id} of ${run.flowName} has been running for ${minutes} minutes (limit ${rule.params.minutes}).`,
      severity: rule.severity,
      isAlert: true,
      data: {
        run_id: run.id,
        flow: run.flowName,
        deployment: run.deploymentName,
        minutes,
        limit_minutes: rule.params.minutes,
      },
      dedupeKey: `run-too-long:${rule.id}:${run.id}:${run.startedAt}`,
    }));
    if (outcome) decided.push(outcome);
  }
  // A firing run that is no longer running (or no longer stored) has ended: resolve it and forget it.
  const runningIds = new Set(running.map((run) => run.id));
  for (const runId of book.firing(rule.id)) {
    if (runningIds.has(runId)) continue;
    const ended = endedStates.get(runId);
    if (ended?.state === RunState.RUNNING) continue;
    const outcome = observe(book, rule, runId, { bad: false, at: now, eventId: runId }, 'condition', now, () => ({
      event: 'run.too-long.resolved',
      title: `Resolved: long run ${runId} ended`,
      message: `Run ${runId} is no longer running${ended ? ` (${ended.state})` : ''}.`,
      severity: 'info',
      isAlert: false,
      data: { run_id: runId, state: ended?.state ?? null },
      dedupeKey: `run-too-long:${rule.id}:${runId}:resolved`,
    }));
    book.delete(rule.id, runId);
    if (outcome) decided.push(outcome);
  }
  return decided;
}
