import { Injectable, Logger } from '@nestjs/common';
import { RunState } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import type { Principal } from '../../auth/principal';
import { invalidRequest } from '../errors/invalid-request';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import type { BulkRunActionResponse } from '../openapi/bulk-run-action.response';
import { MAX_BULK_RUNS, type BulkRunAction } from './bulk-run-action.body';
import { MAX_RUN_PAGE, type RunFilterQuery } from './list-runs.query';
import { RunReader } from './run-reader.service';

export { MAX_BULK_RUNS };

/** Which runs a bulk action is for: those a filter matches, or rows a person picked by id. */
export type BulkRunSelection = { filter: RunFilterQuery } | { runIds: string[] };

/** How many runs are cancelled or retried at once (each is a few queries and a Redis call). */
const CONCURRENCY = 4;

const MAX_REFUSALS_SHOWN = 20;

/** The states each action applies to (as the single-run routes accept; CANCELLING is already being cancelled). */
const APPLIES_TO: Record<BulkRunAction, readonly RunState[]> = {
  cancel: [RunState.SCHEDULED, RunState.PENDING, RunState.RUNNING, RunState.RETRYING],
  retry: [RunState.FAILED, RunState.CANCELLED, RunState.CRASHED],
};

/**
 * Cancels or retries every run a filter matches, not only a page of them: the runs are read with the list's own
 * filters (so the count a person confirmed is the list they saw), at most MAX_BULK_RUNS, then acted on one by one
 * as the single-run routes do. Runs picked by id take the same path in one request (the dashboard's "Cancel
 * selected" sent one request per row). Each action is logged, once, with the token that asked for it.
 */
@Injectable()
export class RunBulkActions {
  private readonly logger = new Logger('RunBulkActions');

  constructor(
    private readonly reader: RunReader,
    private readonly launcher: RunLauncher,
    private readonly metrics: GatewayMetrics,
  ) {}

  async apply(
    action: BulkRunAction,
    selection: BulkRunSelection,
    dryRun: boolean,
    principal: Principal | undefined,
  ): Promise<BulkRunActionResponse> {
    const refusals: { runId: string; message: string }[] = [];
    let runs: { id: string; flowName: string }[];
    if ('runIds' in selection) {
      const picked = await this.picked(action, selection.runIds);
      runs = picked.runs;
      refusals.push(...picked.refusals);
    } else {
      runs = await this.matching(action, selection.filter);
    }
    if (runs.length > MAX_BULK_RUNS) {
      if (dryRun) return { action, dryRun, matched: runs.length, done: 0, refused: 0, refusals: [] };
      throw invalidRequest({
        filter: [`matches more than ${MAX_BULK_RUNS} runs: narrow it (flow, state, time range) and repeat`],
      });
    }
    if (dryRun) {
      return {
        action,
        dryRun,
        matched: runs.length,
        done: 0,
        refused: refusals.length,
        refusals: refusals.slice(0, MAX_REFUSALS_SHOWN),
      };
    }

    let done = 0;
    let next = 0;
    const act = async (): Promise<void> => {
      while (next < runs.length) {
        const run = runs[next++];
        try {
          if (action === 'cancel') {
            await this.launcher.cancel(run.id);
          } else {
            await this.launcher.retry(run.id);
            this.metrics.recordRunStarted(run.flowName, 'retry');
          }
          done++;
        } catch (error) {
          // A run that ended or started meanwhile is refused like on the single-run route; the others go on.
          refusals.push({ runId: run.id, message: error instanceof Error ? error.message : String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, act));
    const who = principal ? `token "${principal.name}" (${principal.role})` : 'an unknown token';
    this.logger.log(
      `${who}: bulk ${action} of ${runs.length} run(s) ${'runIds' in selection ? `picked by id (${selection.runIds.length} asked)` : `matching ${describe(selection.filter)}`}: ${done} done, ${refusals.length} refused`,
    );
    return {
      action,
      dryRun,
      matched: runs.length,
      done,
      refused: refusals.length,
      refusals: refusals.slice(0, MAX_REFUSALS_SHOWN),
    };
  }

  /**
   * The picked runs in a state the action applies to; the others are refused up front with the reason the
   * single-run route would give (unknown, or in the wrong state). Each id counts once.
   */
  private async picked(
    action: BulkRunAction,
    runIds: string[],
  ): Promise<{ runs: { id: string; flowName: string }[]; refusals: { runId: string; message: string }[] }> {
    const ids = [...new Set(runIds)];
    const found = new Map((await this.reader.byIds(ids)).map((run) => [run.id, run]));
    const runs: { id: string; flowName: string }[] = [];
    const refusals: { runId: string; message: string }[] = [];
    for (const id of ids) {
      const run = found.get(id);
      if (!run) refusals.push({ runId: id, message: `No run ${id}` });
      else if (!APPLIES_TO[action].includes(run.state))
        refusals.push({
          runId: id,
          message: `Run ${id} is ${run.state}: ${action} applies to ${APPLIES_TO[action].join(', ')} runs`,
        });
      else runs.push({ id: run.id, flowName: run.flowName });
    }
    return { runs, refusals };
  }

  /** The runs the filter matches in a state the action applies to, newest first; one more than the bound at most. */
  private async matching(action: BulkRunAction, filter: RunFilterQuery): Promise<{ id: string; flowName: string }[]> {
    const states = filter.state?.length
      ? filter.state.filter((state) => APPLIES_TO[action].includes(state))
      : [...APPLIES_TO[action]];
    if (states.length === 0) return [];
    const runs: { id: string; flowName: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.reader.list({ ...filter, state: states, limit: MAX_RUN_PAGE, cursor });
      runs.push(...page.items.map((run) => ({ id: run.id, flowName: run.flowName })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && runs.length <= MAX_BULK_RUNS);
    return runs.slice(0, MAX_BULK_RUNS + 1);
  }
}

function describe(filter: RunFilterQuery): string {
  const parts = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return parts.length === 0 ? 'no filter' : parts.join(' ');
}
