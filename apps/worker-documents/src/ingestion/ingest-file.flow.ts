import { Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { INGEST_FILE_FLOW, type IngestFileParams, type IngestFileResult } from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import { NonRetryableError, type FlowHandler, type RunContext } from '@relais/engine';

/**
 * One file: parse, chunk, embed, index (libs/ingest's Ingestor, incremental and crash-safe). A file refused for
 * what it holds fails at once with its reason; Chroma or an embedding provider failing is retried by the engine.
 */
@Injectable()
export class IngestFileFlow implements FlowHandler<typeof INGEST_FILE_FLOW> {
  readonly contract = INGEST_FILE_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
  ) {}

  async run(ctx: RunContext<IngestFileParams>): Promise<IngestFileResult> {
    const path = this.paths.resolve('folder', 'file', ctx.params.file);
    const source = this.paths.sourceOf(path);
    const result = await ctx.step('ingest', async () => {
      const started = performance.now();
      if (
        !(await stat(path).then(
          (stats) => stats.isFile(),
          () => false,
        ))
      ) {
        throw new NonRetryableError(`file ${source} does not exist (or is not a file)`);
      }
      const outcome = await this.corpus.ingestor.ingestFile(path, {
        source,
        chunking: this.corpus.chunking(ctx.params),
      });
      return { outcome, durationMs: Math.round(performance.now() - started) };
    });
    const { outcome } = result;
    if (outcome.status === 'unchanged') {
      ctx.log.info(`${source} is unchanged (${outcome.chunkCount} chunks): nothing written`);
    } else {
      ctx.log.info(
        `${source}: ${outcome.chunkCount} chunks indexed (${outcome.reason}` +
          `${outcome.replacedChunks > 0 ? `, ${outcome.replacedChunks} of the previous version deleted` : ''})`,
      );
      for (const warning of outcome.warnings) ctx.log.warn(warning);
    }
    return {
      source,
      document_id: outcome.documentId,
      status: outcome.status,
      reason: outcome.status === 'indexed' ? outcome.reason : null,
      format: outcome.status === 'indexed' ? outcome.format : null,
      chunks: outcome.chunkCount,
      replaced_chunks: outcome.status === 'indexed' ? outcome.replacedChunks : 0,
      encoding: outcome.status === 'indexed' ? (outcome.encoding?.encoding ?? null) : null,
      pages: outcome.status === 'indexed' ? (outcome.pageCount ?? null) : null,
      warnings: outcome.status === 'indexed' ? outcome.warnings : [],
      duration_ms: result.durationMs,
    };
  }
}
