import { Injectable } from '@nestjs/common';
import { mkdir, rename, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import {
  BATCH_FLOW,
  NIGHTLY_INBOX_FLOW,
  type BatchResult,
  type NightlyInboxParams,
  type NightlyInboxResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths, FAILED_FOLDER, PROCESSED_FOLDER } from '@relais/domains/documents/paths/document-paths';
import { NonRetryableError, type FlowHandler, type RunContext } from '@relais/engine';
import { fileTimestamp } from '../maintenance/file-timestamp';

/**
 * The seed's nightly_batch_processing: the files waiting in the inbox are ingested (a `documents.batch` child),
 * then moved out of the way, to `processed/<timestamp>/` or `failed/<timestamp>/` next to them. A file keeps the
 * source it was ingested under (`inbox/<name>`): the same name uploaded again later replaces its chunks.
 */
@Injectable()
export class NightlyInboxFlow implements FlowHandler<typeof NIGHTLY_INBOX_FLOW> {
  readonly contract = NIGHTLY_INBOX_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
  ) {}

  async run(ctx: RunContext<NightlyInboxParams>): Promise<NightlyInboxResult> {
    const watch = this.paths.resolve('folder', 'watch_folder', ctx.params.watch_folder);
    const watchFolder = this.paths.sourceOf(watch);
    const stamp = await ctx.step('night-started', async () => {
      await mkdir(watch, { recursive: true });
      return fileTimestamp(new Date());
    });
    const batchRunId = await ctx.startChild(BATCH_FLOW, {
      folder: watchFolder,
      extensions: [...this.corpus.settings.ingest.extensions],
      recursive: false,
      test_queries: [],
    });
    const [outcome] = await ctx.waitForChildren<BatchResult>();
    const batch = outcome.result;
    if (!batch) {
      // The files stay in the inbox for the next night (or a retry of this run by hand).
      throw new NonRetryableError(`the batch ${batchRunId} ended ${outcome.state} without a result: ${outcome.error}`);
    }
    ctx.progress(90, 'moving the files out of the inbox');

    const moved = await ctx.step('archive-files', async () => {
      const done: { file: string; to: string }[] = [];
      for (const file of batch.files) {
        const folder = join(watch, file.status === 'failed' ? FAILED_FOLDER : PROCESSED_FOLDER, stamp);
        const from = this.paths.pathOf(file.source);
        const to = join(folder, basename(from));
        // A replay after a crash midway finds the first files already moved.
        if (!(await exists(from))) continue;
        await mkdir(folder, { recursive: true });
        await rename(from, to);
        done.push({ file: file.source, to: relative(watch, to) });
      }
      return done;
    });
    const failed = batch.files.filter((file) => file.status === 'failed').length;
    const processed = batch.files.length - failed;
    ctx.log.info(`${watchFolder}: ${processed} processed, ${failed} failed, ${moved.length} files moved`);
    return {
      watch_folder: watchFolder,
      found: batch.found,
      processed,
      failed,
      processed_folder: processed > 0 ? join(PROCESSED_FOLDER, stamp) : null,
      failed_folder: failed > 0 ? join(FAILED_FOLDER, stamp) : null,
      batch_run_id: batchRunId,
      moved,
    };
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
