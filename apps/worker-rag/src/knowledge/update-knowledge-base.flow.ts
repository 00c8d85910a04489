import { Inject, Injectable } from '@nestjs/common';
import {
  RAG_GATES,
  UPDATE_KNOWLEDGE_BASE_FLOW,
  type GateVerdict,
  type RagNotifyTarget,
  type UpdateKnowledgeBaseParams,
  type UpdateKnowledgeBaseResult,
} from '@relais/domains/rag/contracts';
import { DoctorPyKnowledgeBase } from '@relais/domains/rag/knowledge/doctorpy-knowledge-base';
import type { KnowledgeBaseUpdate } from '@relais/domains/rag/knowledge/knowledge-base.indexer';
import { RAG_TEST_QUESTIONS } from '@relais/domains/rag/knowledge/test-questions';
import type { FlowHandler, RunContext } from '@relais/engine';
import { NotificationPublisher, type ChannelName } from '@relais/notifications';
import { isUniqueViolation } from '@relais/persistence';
import { GateFailed } from './gate-failed.error';
import { gateReportMarkdown } from './gate-report';

/** Pages named in the result, at most (the counts are exact). */
const LISTED_PAGES = 100;

/**
 * The knowledge base's update as named durable steps: crawl and index what changed (one step: the manifest
 * table is its journal, so a retried attempt finds the pages already done unchanged), then each validation gate
 * as a step of its own. A gate that fails writes the gate report and fails the run at its step; the `run-failed`
 * notification rule alerts. The daily quick update (`validate: false`) skips the gates.
 */
@Injectable()
export class UpdateKnowledgeBaseFlow implements FlowHandler<typeof UPDATE_KNOWLEDGE_BASE_FLOW> {
  readonly contract = UPDATE_KNOWLEDGE_BASE_FLOW;

  constructor(
    @Inject(DoctorPyKnowledgeBase) private readonly base: DoctorPyKnowledgeBase,
    @Inject(NotificationPublisher) private readonly publisher: NotificationPublisher,
  ) {}

  async run(ctx: RunContext<UpdateKnowledgeBaseParams>): Promise<UpdateKnowledgeBaseResult> {
    const params = ctx.params;
    const { settings } = this.base;
    const startedAt = await ctx.step('started', () => Date.now());
    const pages = settings.pages.slice(0, params.max_documents ?? settings.pages.length);
    ctx.progress(5, `${pages.length} pages to check under ${settings.crawler.baseUrl}`);

    const update = await ctx.step('crawl-and-index', async () => {
      const indexer = await this.base.indexer();
      return indexer.update(pages, {
        forceRefresh: params.force_refresh,
        forceReindex: params.force_reindex,
        removeUnlisted: pages.length === settings.pages.length,
      });
    });
    ctx.log.info(
      `${update.indexed.length} pages (re)indexed, ${update.notModified.length} not modified, ` +
        `${update.unchanged.length} unchanged, ${update.removed.length} removed; ` +
        `${update.chunksWritten} chunks written, ${update.chunksDeleted} deleted`,
    );
    ctx.progress(70, `${update.indexed.length} pages (re)indexed, ${update.removed.length} removed`);

    const gates: GateVerdict[] = [];
    let gateReportId: string | null = null;
    if (params.validate) {
      for (const [n, gate] of RAG_GATES.entries()) {
        const verdict = await ctx.step(`gate:${gate}`, async () => {
          const judged = await this.judge(gate, params, pages);
          if (!judged.passed) {
            await this.writeGateReport(ctx, [...gates, judged]);
            throw new GateFailed(judged);
          }
          return judged;
        });
        gates.push(verdict);
        ctx.log.info(`Gate ${gate} passed: ${verdict.figure}`);
        ctx.progress(70 + Math.round((25 * (n + 1)) / RAG_GATES.length), `gate ${gate} passed`);
      }
      gateReportId = await ctx.step('gate-report', () => this.writeGateReport(ctx, gates));
    }

    const records = await this.base.manifest.all();
    const result = summary(update, {
      base_url: settings.crawler.baseUrl,
      collection: this.base.collectionName,
      pages_listed: pages.length,
      pages_total: records.length,
      chunks_total: records.reduce((sum, record) => sum + record.chunkIds.length, 0),
      gates,
      gate_report_id: gateReportId,
      duration_ms: Date.now() - startedAt,
    });
    await ctx.step('notify', () => this.notify(ctx, params.notify, result));
    return result;
  }

  private async judge(
    gate: GateVerdict['gate'],
    params: UpdateKnowledgeBaseParams,
    pages: readonly string[],
  ): Promise<GateVerdict> {
    const gates = await this.base.gates();
    const thresholds = this.base.settings.gates;
    switch (gate) {
      case 'enough-pages':
        return gates.enoughPages(params.min_pages ?? thresholds.minPages);
      case 'enough-chunks':
        return gates.enoughChunks(params.min_chunks ?? thresholds.minChunks);
      case 'every-chunk-embedded':
        return gates.everyChunkEmbedded();
      case 'index-matches-manifest':
        return gates.indexMatchesManifest();
      case 'test-questions': {
        // Only the questions whose page this run's list holds: a smaller list is not a worse base.
        const listed = new Set(pages);
        const questions = RAG_TEST_QUESTIONS.filter((entry) => listed.has(entry.expectedPage));
        return gates.testQuestions(questions, thresholds.topK);
      }
    }
  }

  private writeGateReport(ctx: RunContext<UpdateKnowledgeBaseParams>, verdicts: GateVerdict[]): Promise<string> {
    const { settings } = this.base;
    return ctx.report(
      'markdown',
      'gate_report.md',
      gateReportMarkdown(settings.crawler.baseUrl, this.base.collectionName, verdicts),
    );
  }

  private async notify(
    ctx: RunContext<UpdateKnowledgeBaseParams>,
    targets: readonly RagNotifyTarget[],
    result: UpdateKnowledgeBaseResult,
  ): Promise<void> {
    const line =
      `Knowledge base updated: ${result.pages_indexed} pages (re)indexed, ${result.pages_removed} removed, ` +
      `${result.pages_total} pages and ${result.chunks_total} chunks in ${result.collection}` +
      (result.gates.length > 0 ? `; ${result.gates.length} gates passed` : '');
    if (targets.includes('log')) ctx.log.info(line);
    const channels = targets.filter((target): target is ChannelName => target !== 'log');
    if (channels.length === 0) return;
    try {
      await this.publisher.publish({
        event: 'rag.knowledge-base-updated',
        title: line.slice(0, 300),
        message: line,
        severity: 'info',
        isAlert: false,
        data: {
          run_id: ctx.runId,
          ...result,
          indexed: result.indexed.slice(0, 20),
          removed: result.removed.slice(0, 20),
        },
        channels,
        dedupeKey: `rag-update:${ctx.runId}`,
      });
    } catch (error) {
      // Published by an earlier attempt of this step: once is enough.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

function summary(
  update: KnowledgeBaseUpdate,
  rest: Pick<
    UpdateKnowledgeBaseResult,
    | 'base_url'
    | 'collection'
    | 'pages_listed'
    | 'pages_total'
    | 'chunks_total'
    | 'gates'
    | 'gate_report_id'
    | 'duration_ms'
  >,
): UpdateKnowledgeBaseResult {
  return {
    ...rest,
    pages_crawled: update.notModified.length + update.unchanged.length + update.indexed.length,
    pages_not_modified: update.notModified.length,
    pages_unchanged: update.unchanged.length,
    pages_indexed: update.indexed.length,
    pages_removed: update.removed.length,
    indexed: update.indexed.slice(0, LISTED_PAGES),
    removed: update.removed.slice(0, LISTED_PAGES),
    chunks_written: update.chunksWritten,
    chunks_deleted: update.chunksDeleted,
  };
}
