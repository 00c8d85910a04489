import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { RunState } from '@relais/contracts';
import {
  DPGF_WORKFLOW_FLOW,
  IMPORT_FILE_FLOW,
  MAX_FINDINGS_LISTED,
  type DpgfWorkflowParams,
  type DpgfWorkflowResult,
  type FileError,
  type ImportFileResult,
} from '@relais/domains/dpgf/contracts';
import { ImportSourcesRepository, PricingImportRepository } from '@relais/domains/dpgf/persistence';
import { dpgfSettingsOf } from '@relais/domains/dpgf/settings/dpgf.settings';
import type { ScanCheckpoint, ScanOptions } from '@relais/domains/dpgf/sources/price-schedule-source';
import { PriceScheduleSources } from '@relais/domains/dpgf/sources/price-schedule-sources';
import { MissingCredentials } from '@relais/domains/dpgf/sources/source-errors';
import type { FlowHandler, RunContext } from '@relais/engine';
import { workflowReportText } from '../report/workflow-report';
import { downloadFiles } from './download-files';
import { settleDeletedSources } from './deleted-sources';
import { followSourceChanges } from './follow-source-changes';
import { identifyFiles } from './identify-files';
import { previewFiles } from './preview-files';

/** Runs `fn` and returns its value with how long it took. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

/**
 * The seed's nightly workflow as named durable steps: scan the source, identify the price schedules, download
 * them (hashing each; a file already imported with the same content is left alone), import each as a
 * `dpgf.import-file` child run (one at a time, or max_workers at once with parallel_import), then report as
 * JSON and text. Between scan and identification the imports follow what the scan says of their files: renamed
 * or moved (the import takes the new path, nothing is downloaded), gone (flagged; deleted only with
 * prune_deleted) or back. Missing credentials or an unreachable source stop the run; a file that fails does not.
 */
@Injectable()
export class DpgfWorkflowFlow implements FlowHandler<typeof DPGF_WORKFLOW_FLOW> {
  readonly contract = DPGF_WORKFLOW_FLOW;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(PriceScheduleSources) private readonly sources: PriceScheduleSources,
    @Inject(PricingImportRepository) private readonly pricing: PricingImportRepository,
    @Inject(ImportSourcesRepository) private readonly importSources: ImportSourcesRepository,
  ) {}

  async run(ctx: RunContext<DpgfWorkflowParams>): Promise<DpgfWorkflowResult> {
    const params = ctx.params;
    // The parent runs again from the top when its children are done: its start time is kept by a step.
    const startedAt = await ctx.step('started', () => Date.now());
    const source = this.sources.sourceFor(params.source);
    if (params.use_gemini && !params.dry_run && !dpgfSettingsOf(this.config).gemini.apiKey)
      throw new MissingCredentials('use_gemini needs GEMINI_API_KEY on the DPGF worker (see docs/domains/dpgf.md)');
    const workDir = join(dpgfSettingsOf(this.config).workDir, ctx.runId);
    await mkdir(workDir, { recursive: true });

    const stopAfter = params.stop_after;
    const writes = !params.dry_run && !stopAfter;
    const scanOptions: ScanOptions = {
      rootFolder: params.root_folder,
      excludeDirs: params.exclude_dirs,
      folderFilters: params.folder_filters,
      maxFolders: params.max_folders,
      // A run that writes nothing must leave the changes it saw for the next run to apply.
      recordState: writes,
      signal: ctx.signal,
    };
    const scan = await ctx.step('scan', () => timed(() => source.list(scanOptions)));
    const listing = scan.value;
    const followed = await ctx.step('follow-source-changes', () =>
      followSourceChanges(source, listing, scanOptions, this.importSources, writes),
    );
    ctx.progress(
      10,
      `${listing.files.length} spreadsheets ${listing.mode === 'changes' ? 'changed' : 'found'} in ${source.describe(params.root_folder)}`,
    );

    // The files a person chose (relais dpgf --interactive) out of what the scan found.
    const chosen = params.only_paths && new Set(params.only_paths);
    const scanned = chosen ? listing.files.filter((file) => chosen.has(file.path)) : listing.files;
    // Moved files whose content the source says is the imported one: nothing to read again.
    const knownUnchanged = new Set(followed.unchangedIds);
    const toIdentify = scanned.filter((file) => !knownUnchanged.has(file.id));

    const identify =
      stopAfter === 'scan'
        ? { value: { kept: [], findings: [], beyondMaxFiles: 0, notFetched: 0, errors: [] }, ms: 0 }
        : await ctx.step('identify', () => timed(() => identifyFiles(source, toIdentify, params, workDir, ctx.signal)));
    if (stopAfter !== 'scan') ctx.progress(30, `${identify.value.kept.length} price schedules identified`);

    const download = stopAfter
      ? { value: { toImport: [], unchanged: 0, moved: [], downloaded: 0, bytes: 0, tags: [], errors: [] }, ms: 0 }
      : await ctx.step('download', () =>
          timed(() =>
            downloadFiles(
              source,
              identify.value.kept,
              workDir,
              { pricing: this.pricing, sources: this.importSources, writes },
              ctx.signal,
            ),
          ),
        );
    if (!stopAfter)
      ctx.progress(50, `${download.value.toImport.length} to import, ${download.value.unchanged} unchanged`);

    const errors: FileError[] = [...identify.value.errors, ...download.value.errors];
    const imported: ImportFileResult[] = [];
    const previews =
      params.dry_run && !stopAfter ? await ctx.step('preview', () => previewFiles(download.value.toImport)) : [];
    const importStartedAt = await ctx.step('import-started', () => Date.now());
    if (writes) {
      const paths = new Map<string, string>();
      for (const file of download.value.toImport) {
        const childId = await ctx.startChild(
          IMPORT_FILE_FLOW,
          {
            source: source.kind,
            source_id: file.id,
            path: file.path,
            local_path: file.copy.localPath,
            sha256: file.copy.sha256,
            size: file.copy.size,
            type: file.type,
            chunk_size: params.chunk_size,
            use_gemini: params.use_gemini,
          },
          { concurrency: { limit: params.parallel_import ? params.max_workers : 1, group: 'imports' } },
        );
        paths.set(childId, file.path);
      }
      for (const outcome of await ctx.waitForChildren<ImportFileResult>()) {
        if (outcome.state === RunState.COMPLETED && outcome.result) imported.push(outcome.result);
        else
          errors.push({
            path: paths.get(outcome.runId) ?? outcome.runId,
            phase: 'import',
            message: outcome.error ?? outcome.state,
          });
      }
    }
    const importMs = Date.now() - importStartedAt;
    // The source's hash of each imported (or unchanged) content: a later move of the file is then known
    // unchanged without downloading it. Recorded only where the import holds that very content.
    if (writes && download.value.tags.length > 0)
      await ctx.step('record-content-tags', async () => {
        for (const tag of download.value.tags)
          await this.importSources.recordTag(source.kind, tag.path, tag.sha256, tag.tag);
        return true;
      });

    // After the imports: a file moved in a folder source was flagged by the scan and found again by its content.
    const deleted = await ctx.step('settle-deleted-sources', () =>
      settleDeletedSources(source.kind, this.importSources, {
        writes,
        prune: params.prune_deleted,
        planned: followed.deleted,
      }),
    );
    const movedByContent = new Set(download.value.moved);

    // The next scan starts after this one's changes only if none of them is left to import: a file that could
    // not be downloaded or imported, or was beyond max_files, must be listed again. Content that cannot be read
    // does not hold the link back: its import fails, is remembered by its hash (dpgf_import_failures) and is
    // set aside by the next run, which then moves the link on.
    const leftBehind =
      identify.value.notFetched +
      download.value.errors.filter((error) => error.phase === 'download').length +
      (download.value.toImport.length - imported.length) +
      identify.value.beyondMaxFiles;
    const deltaAdvanced =
      !!listing.checkpoint && !!source.advance && writes && !chosen && leftBehind === 0
        ? await ctx.step('advance-delta', async () => {
            await source.advance?.(listing.checkpoint as ScanCheckpoint);
            return true;
          })
        : false;

    const sum = (key: 'lots' | 'sections' | 'elements' | 'mismatches') =>
      imported.reduce((total, file) => total + file[key], 0);
    const summary: Omit<DpgfWorkflowResult, 'report_ids'> = {
      source: source.describe(params.root_folder),
      dry_run: params.dry_run || !!stopAfter,
      started_at: new Date(startedAt).toISOString(),
      ended_at: new Date().toISOString(),
      scan_mode: listing.mode,
      delta_advanced: deltaAdvanced,
      files_scanned: scanned.length,
      files_identified: identify.value.kept.length,
      files_downloaded: download.value.downloaded,
      bytes_downloaded: download.value.bytes,
      files_unchanged: download.value.unchanged + (scanned.length - toIdentify.length),
      files_imported: imported.length,
      files_moved: followed.moved + movedByContent.size,
      sources_deleted: followed.deleted.filter((row) => !movedByContent.has(row.importId)).length,
      imports_pruned: deleted.pruned,
      deleted_sources: deleted.listed,
      clients: new Set(imported.map((file) => file.client)).size,
      dpgf: imported.length,
      lots: sum('lots'),
      sections: sum('sections'),
      elements: sum('elements'),
      mismatches: sum('mismatches'),
      phases_ms: { scan: scan.ms, identify: identify.ms, download: download.ms, import: importMs },
      errors,
      ...(stopAfter
        ? {
            stopped_after: stopAfter,
            files:
              stopAfter === 'scan'
                ? scanned.slice(0, MAX_FINDINGS_LISTED).map(({ path, size }) => ({ path, size }))
                : identify.value.findings,
          }
        : {}),
      previews,
    };
    const stamp = summary.started_at.replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
    const reportIds = [
      await ctx.report('json', `workflow_report_${stamp}.json`, summary),
      await ctx.report('text', `workflow_report_${stamp}.txt`, workflowReportText(summary)),
    ];
    ctx.log.info(`${summary.files_imported} files imported (${summary.elements} elements), ${errors.length} errors`);
    return { ...summary, report_ids: reportIds };
  }
}
