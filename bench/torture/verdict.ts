import { isTerminal, RunState } from '@relais/contracts';
import type { FlowRunEntity } from '@relais/persistence';
import type { Cluster } from './cluster';
import { sleep } from './launch-client';
import { Ledger, TORTURE_FLOW, type LedgerEntry } from './torture-flow';

/** One row of the table. */
export interface ScenarioResult {
  scenario: string;
  /** Runs the platform accepted: launches answered 200/201/202, and runs its schedulers started. */
  accepted: number;
  completed: number;
  /** Accepted runs missing from the database, or completed without one of their steps' effects. */
  lost: number;
  /** Accepted runs not ended when the scenario's patience ran out. */
  stuck: number;
  /** Runs ended FAILED or CRASHED: the flow never fails by itself, so each is the faults' doing. */
  failedByInfra: number;
  /** Step bodies that ran again, except those whose worker died inside the step-record window. */
  duplicated: number;
  /**
   * Step bodies that ran again because their first run's worker was SIGKILLed after the effect and before the
   * step's completion was committed: the step-record window of at-least-once delivery.
   */
  duplicatedInWindow: number;
  /** The longest kill-after-effect delay among those, in ms. */
  longestWindowMs: number | null;
  /** The step-record window as measured over every step of the scenario: effect → commit, in ms. */
  window: { p50: number; p99: number; max: number } | null;
  /** What else happened (launches refused with 503, kills…). */
  notes: string[];
  /** What broke a promise besides the counts (a 500, a crash, a missed slot): the short suite fails on any. */
  problems: string[];
  durationMs: number;
}

/** The runs of the torture flow in the cluster's database (read again until the database answers). */
export async function tortureRuns(cluster: Cluster): Promise<FlowRunEntity[]> {
  for (let tries = 1; ; tries++) {
    try {
      const runs = await cluster.runs();
      return await runs.list({ flowName: TORTURE_FLOW.name, limit: 100_000 });
    } catch (error) {
      if (tries >= 30) throw error;
      await sleep(1000);
    }
  }
}

/** Waits until every run of the flow has ended, or `patienceMs` has passed. */
export async function settle(cluster: Cluster, patienceMs: number): Promise<void> {
  const deadline = Date.now() + patienceMs;
  while (Date.now() < deadline) {
    const runs = await tortureRuns(cluster);
    if (runs.every((run) => isTerminal(run.state))) return;
    await sleep(500);
  }
}

/**
 * Counts what the scenario did to the runs: the database says how each accepted run ended, the ledger what each
 * step body did, the suite's kills which repeats fall in the step-record window.
 */
export async function judge(
  cluster: Cluster,
  scenario: string,
  acceptedIds: Iterable<string>,
  startedAt: number,
): Promise<ScenarioResult> {
  const runs = await tortureRuns(cluster);
  const byId = new Map(runs.map((run) => [run.id, run]));
  const accepted = new Set([...acceptedIds, ...byId.keys()]);
  const ledger = Ledger.read(cluster.ledgerDir);
  const effects = byStep(ledger.effects);
  const commits = byStep(ledger.commits);
  const kills = cluster.workers.flatMap((worker) => worker.kills);

  const result: ScenarioResult = {
    scenario,
    accepted: accepted.size,
    completed: 0,
    lost: 0,
    stuck: 0,
    failedByInfra: 0,
    duplicated: 0,
    duplicatedInWindow: 0,
    longestWindowMs: null,
    window: windowOf(effects, commits),
    notes: [],
    problems: [],
    durationMs: Date.now() - startedAt,
  };
  const lostIds: string[] = [];
  for (const id of accepted) {
    const run = byId.get(id);
    if (!run) {
      result.lost++;
      lostIds.push(id);
      continue;
    }
    if (run.state === RunState.COMPLETED) {
      result.completed++;
      const steps = (run.parameters as { steps?: number }).steps ?? 5;
      const missing = Array.from({ length: steps }, (_, i) => `step-${i + 1}`).filter(
        (step) => !effects.has(`${id} ${step}`),
      );
      if (missing.length > 0) {
        result.lost++;
        lostIds.push(`${id} (${missing.join(', ')} never ran)`);
      }
    } else if (run.state === RunState.FAILED || run.state === RunState.CRASHED) {
      result.failedByInfra++;
      result.problems.push(`run ${id} ended ${run.state} after ${run.attempts} attempt(s): ${run.error ?? ''}`);
    } else if (!isTerminal(run.state)) {
      result.stuck++;
    }
  }
  if (lostIds.length > 0) result.problems.push(`lost: ${lostIds.slice(0, 5).join('; ')}`);
  if (result.stuck > 0) {
    const stuck = runs.filter((run) => !isTerminal(run.state)).slice(0, 5);
    result.problems.push(`stuck: ${stuck.map((run) => `${run.id} ${run.state}`).join('; ')}`);
  }

  for (const [key, list] of effects) {
    list.sort((a, b) => a.at - b.at);
    for (let i = 1; i < list.length; i++) {
      const first = list[i - 1];
      const again = list[i];
      // The first run's completion reached the database before the step ran again: it should have replayed.
      const committed = (commits.get(key) ?? []).some(
        (commit) => commit.pid === first.pid && commit.at >= first.at && commit.at <= again.at,
      );
      const kill = kills.find((k) => k.pid === first.pid && k.at >= first.at && k.at <= again.at);
      if (!committed && kill) {
        result.duplicatedInWindow++;
        result.longestWindowMs = Math.max(result.longestWindowMs ?? 0, kill.at - first.at);
        continue;
      }
      result.duplicated++;
      if (result.duplicated <= 5) {
        const why = committed
          ? 'its first completion had been committed'
          : `its first completion was never committed, and its worker was not killed`;
        result.problems.push(
          `step ${key} ran again (attempt ${again.attempt}, pid ${again.pid}) ${again.at - first.at} ms after attempt ${first.attempt} (pid ${first.pid}): ${why}`,
        );
      }
    }
  }
  for (const crash of cluster.crashes()) {
    result.problems.push(
      `${crash.process} exited on its own (${crash.signal ?? crash.code}): ${crash.output.split('\n').slice(-6).join(' | ')}`,
    );
  }
  return result;
}

function byStep(entries: LedgerEntry[]): Map<string, LedgerEntry[]> {
  const grouped = new Map<string, LedgerEntry[]>();
  for (const entry of entries) {
    const key = `${entry.runId} ${entry.step}`;
    grouped.set(key, [...(grouped.get(key) ?? []), entry]);
  }
  return grouped;
}

/** Effect → commit of every step whose completion was committed by the process that ran it. */
function windowOf(effects: Map<string, LedgerEntry[]>, commits: Map<string, LedgerEntry[]>): ScenarioResult['window'] {
  const delays: number[] = [];
  for (const [key, list] of effects) {
    for (const effect of list) {
      const commit = (commits.get(key) ?? []).find((c) => c.pid === effect.pid && c.at >= effect.at);
      if (commit) delays.push(commit.at - effect.at);
    }
  }
  if (delays.length === 0) return null;
  delays.sort((a, b) => a - b);
  const at = (share: number): number => delays[Math.min(delays.length - 1, Math.floor(share * delays.length))];
  return { p50: at(0.5), p99: at(0.99), max: delays[delays.length - 1] };
}
