import { Injectable } from '@nestjs/common';
import { RunState, type FlowStats, type RunStats } from '@relais/contracts';
import { FlowRunRepository, type CreatedWindow, type DurationStats, type FlowStateCount } from '@relais/persistence';
import { isoOf } from '../runs/run.views';

type Counts = Pick<FlowStats, 'total' | 'byState' | 'successRate'>;

/** Runs created in a window: counts by state, success rate, mean and p95 duration, overall and per flow. */
@Injectable()
export class RunStatsService {
  constructor(private readonly runs: FlowRunRepository) {}

  async stats(window: CreatedWindow): Promise<RunStats> {
    const [counts, durations] = await Promise.all([
      this.runs.countByFlowAndState(window),
      this.runs.completedDurations(window),
    ]);
    const byFlow = new Map<string, FlowStateCount[]>();
    for (const row of counts) byFlow.set(row.flowName, [...(byFlow.get(row.flowName) ?? []), row]);
    const flows: FlowStats[] = [...byFlow.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([flowName, rows]) => ({
        flowName,
        ...countsOf(rows),
        ...durationsOf(durations.byFlow[flowName]),
      }));
    return {
      from: isoOf(window.from),
      to: isoOf(window.to),
      ...countsOf(counts),
      ...durationsOf(durations.overall),
      flows,
    };
  }
}

function countsOf(rows: FlowStateCount[]): Counts {
  const byState: Partial<Record<RunState, number>> = {};
  let total = 0;
  for (const row of rows) {
    byState[row.state] = (byState[row.state] ?? 0) + row.count;
    total += row.count;
  }
  const completed = byState[RunState.COMPLETED] ?? 0;
  // Cancelled runs are left out: an operator's decision says nothing about whether the flow works.
  const finished = completed + (byState[RunState.FAILED] ?? 0) + (byState[RunState.CRASHED] ?? 0);
  return { total, byState, successRate: finished === 0 ? null : round(completed / finished) };
}

function durationsOf(stats: DurationStats | undefined): Pick<FlowStats, 'meanDurationMs' | 'p95DurationMs'> {
  return { meanDurationMs: stats?.meanMs ?? null, p95DurationMs: stats?.p95Ms ?? null };
}

function round(ratio: number): number {
  return Math.round(ratio * 10_000) / 10_000;
}
