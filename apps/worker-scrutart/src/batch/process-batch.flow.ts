import { Injectable } from '@nestjs/common';
import { RunState } from '@relais/contracts';
import {
  PROCESS_ARTIST_FLOW,
  PROCESS_BATCH_FLOW,
  type BatchArtistOutcome,
  type ProcessArtistResult,
  type ProcessBatchParams,
  type ProcessBatchResult,
} from '@relais/domains/scrutart/contracts';
import type { FlowHandler, RunContext } from '@relais/engine';
import { batchReport } from './batch-report';

/**
 * One `scrutart.process-artist` child run per painter, at most `concurrency` of them running at once (the
 * others wait in the queue), then a report. A failed artist does not fail the batch: it is counted.
 */
@Injectable()
export class ProcessBatchFlow implements FlowHandler<typeof PROCESS_BATCH_FLOW> {
  readonly contract = PROCESS_BATCH_FLOW;

  async run(ctx: RunContext<ProcessBatchParams>): Promise<ProcessBatchResult> {
    const { qids, languages, auto_publish, allow_unpublish, concurrency } = ctx.params;
    const batchName = ctx.params.batch_name || `Batch ${ctx.runId.slice(0, 8)}`;
    // The parent runs again from the top when its children are done: its start time is kept by a step.
    const startedAt = await ctx.step('batch-started', () => Date.now());
    const unique = [...new Set(qids)];
    const duplicates = unique.filter((qid) => qids.indexOf(qid) !== qids.lastIndexOf(qid));

    const childIds = new Map<string, string>();
    for (const qid of unique) {
      const childId = await ctx.startChild(
        PROCESS_ARTIST_FLOW,
        { qid, languages, auto_publish, allow_unpublish },
        { concurrency: { limit: concurrency, group: 'artists' } },
      );
      childIds.set(childId, qid);
    }
    ctx.log.info(`${batchName}: ${unique.length} artists queued, ${concurrency} at a time`);
    ctx.progress(5, `${unique.length} artists queued`);

    const outcomes = await ctx.waitForChildren<ProcessArtistResult>();
    const results: BatchArtistOutcome[] = outcomes.map((outcome) => ({
      qid: childIds.get(outcome.runId) ?? outcome.result?.qid ?? '',
      run_id: outcome.runId,
      state: outcome.state,
      artist_name: outcome.result?.artist_name ?? null,
      error: outcome.error,
    }));
    const succeeded = results.filter((result) => result.state === RunState.COMPLETED).length;
    const summary = {
      batch_name: batchName,
      total: results.length,
      succeeded,
      failed: results.length - succeeded,
      duplicates,
      results,
      duration_ms: Date.now() - startedAt,
    };
    ctx.log.info(`${batchName}: ${summary.succeeded} succeeded, ${summary.failed} failed`);
    const reportId = await ctx.report('markdown', 'scrutart-batch', batchReport(summary));
    return { ...summary, report_id: reportId };
  }
}
