import { Injectable } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BATCH_FLOW,
  PROCESS_FOLDER_FLOW,
  type BatchResult,
  type ProcessFolderParams,
  type ProcessFolderResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import type { FlowHandler, RunContext } from '@relais/engine';
import { DocumentsHealthCheck } from '../health/documents-health.check';
import { fileTimestamp } from '../maintenance/file-timestamp';

/** The seed's process_folder_documents: health before, the batch, health after, and a JSON report. */
@Injectable()
export class ProcessFolderFlow implements FlowHandler<typeof PROCESS_FOLDER_FLOW> {
  readonly contract = PROCESS_FOLDER_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
    private readonly health: DocumentsHealthCheck,
  ) {}

  async run(ctx: RunContext<ProcessFolderParams>): Promise<ProcessFolderResult> {
    const { report, ...batchParams } = ctx.params;
    const folder = this.paths.sourceOf(this.paths.resolve('folder', 'folder', batchParams.folder));
    const healthBefore = await ctx.step('health-before', () => this.health.check());
    ctx.log.info(`Health before: ${healthBefore.score}/100`);
    ctx.progress(5, 'health checked; ingesting');

    const batchRunId = await ctx.startChild(BATCH_FLOW, { ...batchParams, folder });
    const [batchOutcome] = await ctx.waitForChildren<BatchResult>();
    if (!batchOutcome.result)
      ctx.log.error(`The batch ${batchRunId} ended ${batchOutcome.state}: ${batchOutcome.error}`);
    ctx.progress(85, 'batch done; checking health');

    const healthAfter = await ctx.step('health-after', () => this.health.check());
    ctx.log.info(`Health after: ${healthAfter.score}/100`);
    const batch = batchOutcome.result ? withoutFiles(batchOutcome.result) : null;
    const result: ProcessFolderResult = {
      folder,
      health_before: healthBefore,
      health_after: healthAfter,
      batch_run_id: batchRunId,
      batch,
      report_id: null,
      report_file: null,
    };
    if (report) {
      result.report_file = await ctx.step('write-report', async () => {
        const name = `process_folder_report_${fileTimestamp(new Date())}.json`;
        await mkdir(this.corpus.settings.reportsDir, { recursive: true });
        await writeFile(join(this.corpus.settings.reportsDir, name), JSON.stringify(result, null, 2));
        return name;
      });
      result.report_id = await ctx.report('json', 'documents-process-folder', result);
    }
    if (!batchOutcome.result)
      throw new Error(`The batch ${batchRunId} ended ${batchOutcome.state}: ${batchOutcome.error}`);
    return result;
  }
}

function withoutFiles(batch: BatchResult): Omit<BatchResult, 'files'> {
  const { files: _files, ...rest } = batch;
  return rest;
}
