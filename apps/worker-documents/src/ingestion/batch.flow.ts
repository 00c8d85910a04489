import { Injectable } from '@nestjs/common';
import { RunState } from '@relais/contracts';
import {
  BATCH_FLOW,
  INGEST_FILE_FLOW,
  type BatchFileOutcome,
  type BatchParams,
  type BatchResult,
  type IngestFileResult,
  type TestQueryOutcome,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import type { FlowHandler, RunContext } from '@relais/engine';
import { listFolderFiles } from './folder-files';
import { summariseBatch } from './batch-summary';

/** What the scan step keeps of each file: enough to start its child or to count it. */
export interface ScannedFile {
  source: string;
  status: 'ingest' | 'unchanged' | 'rejected';
  chunks: number;
  error_code: string | null;
  error: string | null;
}

/**
 * A folder's files: one scan decides, in a few queries and one hash per file, which files are new or changed;
 * each of those is a `documents.ingest-file` child run (at most `concurrency` at once, each retried on its own);
 * unchanged files and files refused before for the same bytes cost nothing more. Then a summary, the optional test
 * queries, and a JSON report.
 */
@Injectable()
export class BatchFlow implements FlowHandler<typeof BATCH_FLOW> {
  readonly contract = BATCH_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
  ) {}

  async run(ctx: RunContext<BatchParams>): Promise<BatchResult> {
    const { params } = ctx;
    const folder = this.paths.resolve('folder', 'folder', params.folder);
    const shownFolder = this.paths.sourceOf(folder);
    const concurrency = params.concurrency ?? this.corpus.settings.maxParallel;
    // The parent runs again from the top when its children are done: its start time is kept by a step.
    const startedAt = await ctx.step('batch-started', () => Date.now());

    const scanned = await ctx.step('scan-folder', async (): Promise<ScannedFile[]> => {
      const files = await listFolderFiles(folder, { extensions: params.extensions, recursive: params.recursive });
      const decisions = await this.corpus.ingestor.triage(
        files.map((path) => ({ path, source: this.paths.sourceOf(path) })),
        this.corpus.chunking(params),
      );
      return decisions.map((decision) => ({
        source: decision.file.source,
        status: decision.status,
        chunks: decision.status === 'unchanged' ? decision.chunkCount : 0,
        error_code: decision.status === 'rejected' ? decision.errorCode : null,
        error: decision.status === 'rejected' ? decision.errorMessage : null,
      }));
    });
    const toIngest = scanned.filter((file) => file.status === 'ingest');
    ctx.log.info(
      `${shownFolder}: ${scanned.length} files, ${toIngest.length} to ingest ${concurrency} at a time, ` +
        `${scanned.length - toIngest.length} unchanged or refused before`,
    );
    ctx.progress(5, `${toIngest.length} of ${scanned.length} files to ingest`);
    // In a step: the parent runs again from the top once its children are done, and must not hint them again.
    await ctx.step('read-ahead', () => {
      // The first `concurrency` files start at once and prepare themselves; the read-ahead takes the next ones.
      const ahead = toIngest.slice(concurrency).map((file) => ({
        path: this.paths.resolve('folder', 'file', file.source),
        source: file.source,
      }));
      this.corpus.readAhead.hint(ahead, this.corpus.chunking(params));
      return ahead.length;
    });

    const sourceOfRun = new Map<string, string>();
    for (const file of toIngest) {
      const runId = await ctx.startChild(
        INGEST_FILE_FLOW,
        { file: file.source, chunk_size: params.chunk_size, chunk_overlap: params.chunk_overlap },
        { concurrency: { limit: concurrency, group: 'files' } },
      );
      sourceOfRun.set(runId, file.source);
    }
    const outcomes = toIngest.length > 0 ? await ctx.waitForChildren<IngestFileResult>() : [];
    ctx.progress(90, 'files done');

    const files = await ctx.step('summarise', async (): Promise<BatchFileOutcome[]> => {
      const failedSources = outcomes
        .filter((outcome) => outcome.state !== RunState.COMPLETED)
        .map((outcome) => sourceOfRun.get(outcome.runId) ?? '');
      const failures = new Map(
        (await this.corpus.manifest.findBySources(failedSources)).map((record) => [record.source, record]),
      );
      const ran = outcomes.map((outcome): BatchFileOutcome => {
        const source = sourceOfRun.get(outcome.runId) ?? outcome.result?.source ?? '';
        if (outcome.state === RunState.COMPLETED && outcome.result) {
          return {
            source,
            status: outcome.result.status,
            chunks: outcome.result.chunks,
            run_id: outcome.runId,
            error_code: null,
            error: null,
            duration_ms: outcome.result.duration_ms,
          };
        }
        const record = failures.get(source);
        return {
          source,
          status: 'failed',
          chunks: 0,
          run_id: outcome.runId,
          error_code: record?.state === 'failed' ? record.errorCode : outcome.state.toLowerCase(),
          error: outcome.error ?? record?.errorMessage ?? null,
          duration_ms: null,
        };
      });
      const skipped = scanned
        .filter((file) => file.status !== 'ingest')
        .map((file): BatchFileOutcome => ({
          source: file.source,
          status: file.status === 'unchanged' ? 'unchanged' : 'failed',
          chunks: file.chunks,
          run_id: null,
          error_code: file.error_code,
          error: file.error,
          duration_ms: null,
        }));
      return [...ran, ...skipped].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    });
    for (const file of files.filter((outcome) => outcome.status === 'failed')) {
      ctx.log.warn(`${file.source}: ${file.error_code ?? 'failed'}: ${file.error ?? ''}`);
    }

    const testQueries = await ctx.step('test-queries', () => this.testQueries(params.test_queries, files));
    const summary = summariseBatch(shownFolder, files, testQueries, Date.now() - startedAt);
    ctx.log.info(
      `${shownFolder}: ${summary.processed}/${summary.found} processed (${summary.indexed} indexed, ` +
        `${summary.unchanged} unchanged), ${summary.failed} failed, ${summary.chunks_written} chunks written`,
    );
    const reportId = await ctx.report('json', 'documents-batch', summary);
    ctx.progress(100, `${summary.processed}/${summary.found} files processed`);
    return { ...summary, report_id: reportId };
  }

  /** Each question's three best passages, and whether the best one comes from this batch's files. */
  private async testQueries(questions: readonly string[], files: BatchFileOutcome[]): Promise<TestQueryOutcome[]> {
    const batchSources = new Set(files.filter((file) => file.status !== 'failed').map((file) => file.source));
    const outcomes: TestQueryOutcome[] = [];
    for (const question of questions) {
      const matches = await this.corpus.search.search(question, 3);
      outcomes.push({
        question,
        best_score: Number((matches[0]?.score ?? 0).toFixed(4)),
        from_batch: matches.length > 0 && batchSources.has(matches[0].metadata.source),
        results: matches.map((match) => ({
          source: match.metadata.source,
          score: Number(match.score.toFixed(4)),
          chunk_index: match.metadata.chunkIndex,
        })),
      });
    }
    return outcomes;
  }
}
