import { Injectable } from '@nestjs/common';
import { isTerminal, type LogPage, type Page, type RunDetail, type RunSummary } from '@relais/contracts';
import { RunNotFoundError } from '@relais/engine';
import {
  ArtifactRepository,
  FlowRunRepository,
  RunLogRepository,
  StepRunRepository,
  type FlowRunEntity,
} from '@relais/persistence';
import type { ListRunsQuery } from './list-runs.query';
import { decodeRunCursor, encodeRunCursor } from './run-cursor';
import { artifactSummaryOf, logLineOf, runSummaryOf, stepSummaryOf } from './run.views';

/** Reads runs for the API: filtered pages, one run with its parts, pages of its log. */
@Injectable()
export class RunReader {
  constructor(
    private readonly runs: FlowRunRepository,
    private readonly steps: StepRunRepository,
    private readonly logLines: RunLogRepository,
    private readonly artifacts: ArtifactRepository,
  ) {}

  /** Newest first; one row more than asked says whether a next page exists without a COUNT. */
  async list(query: ListRunsQuery): Promise<Page<RunSummary>> {
    const rows = await this.runs.list({
      states: query.state,
      flowName: query.flow,
      deploymentName: query.deployment,
      parentRunId: query.parent,
      parametersContain: query.q === undefined || query.q === '' ? undefined : query.q,
      createdAfter: query.from === undefined ? undefined : Date.parse(query.from),
      createdBefore: query.to === undefined ? undefined : Date.parse(query.to),
      after: query.cursor === undefined ? undefined : (decodeRunCursor(query.cursor) ?? undefined),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const now = Date.now();
    return {
      items: page.map((run) => runSummaryOf(run, now)),
      nextCursor: rows.length > query.limit && last ? encodeRunCursor(last) : null,
    };
  }

  /** The runs of these ids that exist (any order), for the bulk actions on picked rows. */
  byIds(ids: string[]): Promise<FlowRunEntity[]> {
    return this.runs.findByIds(ids);
  }

  /** The run; throws RunNotFoundError. */
  async get(runId: string): Promise<FlowRunEntity> {
    const run = await this.runs.findById(runId);
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  async detail(runId: string): Promise<RunDetail> {
    const run = await this.get(runId);
    const [steps, children, artifacts] = await Promise.all([
      this.steps.findByRun(runId),
      this.runs.findChildren(runId),
      this.artifacts.findByRun(runId),
    ]);
    const now = Date.now();
    return {
      ...runSummaryOf(run, now),
      parameters: run.parameters,
      result: run.result,
      steps: steps.map(stepSummaryOf),
      children: children.map((child) => runSummaryOf(child, now)),
      artifacts: artifacts.map(artifactSummaryOf),
    };
  }

  /**
   * Log lines after `after`; `complete` once the run has ended and no line is left. The run is read before its
   * lines, so this relies on the worker storing a run's last lines no later than its final state.
   */
  async logPage(runId: string, after: number, limit: number): Promise<LogPage> {
    const run = await this.get(runId);
    const { lines, hasMore } = await this.logLines.pageByRun(runId, after, limit);
    return {
      items: lines.map(logLineOf),
      nextAfter: lines.at(-1)?.id ?? null,
      complete: isTerminal(run.state) && !hasMore,
    };
  }
}
