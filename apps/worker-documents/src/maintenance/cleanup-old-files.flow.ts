import { Injectable } from '@nestjs/common';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  CLEANUP_OLD_FILES_FLOW,
  type CleanupOldFilesParams,
  type CleanupOldFilesResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { FAILED_FOLDER, INCOMING_FOLDER, PROCESSED_FOLDER } from '@relais/domains/documents/paths/document-paths';
import type { FlowHandler, RunContext } from '@relais/engine';

/** Files a cleanup never deletes: the regression tests' baseline. */
const KEPT_FILES = new Set(['baseline_test_report.json']);

/** Files listed in the result at most (the counts cover them all). */
const LISTED_FILES = 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The seed's cleanup_old_files_flow: files older than `max_age_days` (by modification time) deleted from the inbox's
 * archives (processed/, failed/, and uploads left half-received), the exports and, when asked, the reports; then
 * the folders left empty. The documents of deleted archive files stay indexed. `dry_run` deletes nothing.
 */
@Injectable()
export class CleanupOldFilesFlow implements FlowHandler<typeof CLEANUP_OLD_FILES_FLOW> {
  readonly contract = CLEANUP_OLD_FILES_FLOW;

  constructor(private readonly corpus: DocumentCorpus) {}

  async run(ctx: RunContext<CleanupOldFilesParams>): Promise<CleanupOldFilesResult> {
    const params = ctx.params;
    const { inboxDir, exportsDir, reportsDir } = this.corpus.settings;
    const folders = [
      ...(params.include_uploads
        ? [PROCESSED_FOLDER, FAILED_FOLDER, INCOMING_FOLDER].map((name) => join(inboxDir, name))
        : []),
      ...(params.include_exports ? [exportsDir] : []),
      ...(params.include_reports ? [reportsDir] : []),
    ];
    const result = await ctx.step(params.dry_run ? 'list-old-files' : 'delete-old-files', async () => {
      const cutoff = Date.now() - params.max_age_days * DAY_MS;
      const outcome: CleanupOldFilesResult = {
        dry_run: params.dry_run,
        max_age_days: params.max_age_days,
        folders: [],
        files: [],
        files_deleted: 0,
        bytes_freed: 0,
        empty_folders_removed: 0,
      };
      for (const folder of folders) {
        const old = await oldFiles(folder, cutoff);
        const shown = relative(this.corpus.settings.dataDir, folder) || folder;
        outcome.folders.push({
          folder: shown,
          files: old.length,
          bytes: old.reduce((sum, file) => sum + file.bytes, 0),
        });
        for (const file of old) {
          if (!params.dry_run) await rm(file.path, { force: true });
          outcome.files_deleted++;
          outcome.bytes_freed += file.bytes;
          if (outcome.files.length < LISTED_FILES) {
            outcome.files.push({
              file: relative(this.corpus.settings.dataDir, file.path),
              bytes: file.bytes,
              modified_at: new Date(file.modifiedMs).toISOString(),
            });
          }
        }
        if (!params.dry_run) outcome.empty_folders_removed += await removeEmptyFolders(folder, false);
      }
      return outcome;
    });
    ctx.log.info(
      `${params.dry_run ? 'Would delete' : 'Deleted'} ${result.files_deleted} files (${result.bytes_freed} bytes) ` +
        `older than ${params.max_age_days} days`,
    );
    return result;
  }
}

interface OldFile {
  path: string;
  bytes: number;
  modifiedMs: number;
}

async function oldFiles(folder: string, cutoffMs: number): Promise<OldFile[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  const found: OldFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || KEPT_FILES.has(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const stats = await stat(path).catch(() => null);
    if (stats && stats.mtimeMs < cutoffMs) found.push({ path, bytes: stats.size, modifiedMs: stats.mtimeMs });
  }
  return found.sort((a, b) => a.modifiedMs - b.modifiedMs);
}

/** Removes the empty folders under `folder` (and `folder` itself when `self`); returns how many. */
async function removeEmptyFolders(folder: string, self: boolean): Promise<number> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => null);
  if (!entries) return 0;
  let removed = 0;
  for (const entry of entries) {
    if (entry.isDirectory()) removed += await removeEmptyFolders(join(folder, entry.name), true);
  }
  if (self && (await readdir(folder)).length === 0) {
    await rmdir(folder);
    removed++;
  }
  return removed;
}
