import { Injectable, Logger } from '@nestjs/common';
import { RunState } from '@relais/contracts';
import { RunLauncher } from '@relais/engine';
import type { Principal } from '../../auth/principal';
import { invalidRequest } from '../errors/invalid-request';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import type { BulkRunActionResponse } from '../openapi/bulk-run-action.response';
import type { BulkRunAction } from './bulk-run-action.body';
import { MAX_RUN_PAGE, type RunFilterQuery } from './list-runs.query';
import { RunReader } from './run-reader.service';

/** The most runs one bulk action touches: past it the filter must be narrowed (one request stays short). */
export const MAX_BULK_RUNS = 1000;

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
 * as the single-run routes do. Each action is logged with the token that asked for it.
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
    filter: RunFilterQuery,
    dryRun: boolean,
    principal: Principal | undefined,
  ): Promise<BulkRunActionResponse> {
    const runs = await this.matching(action, filter);
    if (runs.length > MAX_BULK_RUNS) {
      if (dryRun) return { action, dryRun, matched: runs.length, done: 0, refused: 0, refusals: [] };
      throw invalidRequest({
        filter: [`matches more than ${MAX_BULK_RUNS} runs: narrow it (flow, state, time range) and repeat`],
      });
    }
    if (dryRun) return { action, dryRun, matched: runs.length, done: 0, refused: 0, refusals: [] };

    const refusals: { runId: string; message: string }[] = [];
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
      `${who}: bulk ${action} of ${runs.length} run(s) matching ${describe(filter)}: ${done} done, ${refusals.length} refused`,
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
