import { Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  RESTORE_BACKUP_FLOW,
  type RestoreBackupParams,
  type RestoreBackupResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import { DocumentPaths } from '@relais/domains/documents/paths/document-paths';
import { NonRetryableError, type FlowHandler, type RunContext } from '@relais/engine';
import { ChromaBackup } from '@relais/ingest';
import { IndexRepair } from './index-repair';
import { IndexSnapshots } from './index-snapshots';
import { VectorBackups } from './vector-backups';

/** Puts a backup of documents.vector-maintenance back into Chroma, then repairs what changed since it was taken. */
@Injectable()
export class RestoreBackupFlow implements FlowHandler<typeof RESTORE_BACKUP_FLOW> {
  readonly contract = RESTORE_BACKUP_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly paths: DocumentPaths,
    private readonly snapshots: IndexSnapshots,
    private readonly backups: VectorBackups,
    private readonly repair: IndexRepair,
  ) {}

  async run(ctx: RunContext<RestoreBackupParams>): Promise<RestoreBackupResult> {
    const file = this.paths.resolve('backup', 'backup', ctx.params.backup);
    const name = relative(this.corpus.settings.backupDir, file);
    const header = await ctx.step('read-backup', async () => {
      if (
        !(await stat(file).then(
          (stats) => stats.isFile(),
          () => false,
        ))
      ) {
        throw new NonRetryableError(`backup ${name} does not exist in ${this.corpus.settings.backupDir}`);
      }
      return ChromaBackup.readHeader(file).catch((error: unknown) => {
        throw new NonRetryableError(error instanceof Error ? error.message : String(error));
      });
    });
    ctx.log.info(`Backup ${name} of ${header.createdAt}: ${header.collections.length} collections`);
    const before = await ctx.step('measure-before', () => this.snapshots.take());
    const restored = await ctx.step('restore', () => this.backups.restore(file));
    ctx.log.info(`Restored ${restored.records} records into ${restored.collections.length} collections`);
    ctx.progress(60, 'restored');
    const repair = ctx.params.repair ? await ctx.step('verify-and-repair', () => this.repair.run()) : null;
    if (repair) {
      ctx.log.info(
        `Repair: ${repair.orphans_deleted} chunks the manifest no longer claims deleted, ` +
          `${repair.reindexed.length} documents indexed since the backup indexed again`,
      );
      for (const failure of repair.reindex_failed) ctx.log.warn(`Not repaired: ${failure.error}`);
    }
    const after = await ctx.step('measure-after', () => this.snapshots.take());
    const result = {
      backup: name,
      backup_created_at: header.createdAt,
      records_restored: restored.records,
      collections: restored.collections,
      before,
      after,
      repair,
    };
    const reportId = await ctx.report('json', 'documents-restore-backup', result);
    return { ...result, report_id: reportId };
  }
}
