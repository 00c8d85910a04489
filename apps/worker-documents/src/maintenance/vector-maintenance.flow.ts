import { Injectable } from '@nestjs/common';
import {
  VECTOR_MAINTENANCE_FLOW,
  type VectorMaintenanceParams,
  type VectorMaintenanceResult,
} from '@relais/domains/documents/contracts';
import { DocumentCorpus } from '@relais/domains/documents/corpus/document-corpus';
import type { FlowHandler, RunContext } from '@relais/engine';
import { IndexRepair } from './index-repair';
import { IndexSnapshots } from './index-snapshots';
import { VectorBackups } from './vector-backups';

/**
 * The seed's database_maintenance_flow, for real: a restorable backup of every Chroma collection (the newest N
 * kept), then a verification of the index against the manifest that repairs what it finds, with counts and disk
 * space before and after.
 */
@Injectable()
export class VectorMaintenanceFlow implements FlowHandler<typeof VECTOR_MAINTENANCE_FLOW> {
  readonly contract = VECTOR_MAINTENANCE_FLOW;

  constructor(
    private readonly corpus: DocumentCorpus,
    private readonly snapshots: IndexSnapshots,
    private readonly backups: VectorBackups,
    private readonly repair: IndexRepair,
  ) {}

  async run(ctx: RunContext<VectorMaintenanceParams>): Promise<VectorMaintenanceResult> {
    const { backup, optimize } = ctx.params;
    const keep = ctx.params.keep_backups ?? this.corpus.settings.backupKeep;
    const before = await ctx.step('measure-before', () => this.snapshots.take());
    ctx.log.info(
      `Before: ${before.documents} documents, ${before.manifest_chunks} chunks in the manifest, ${before.index_chunks} in Chroma`,
    );
    ctx.progress(10, 'measured');

    const written = backup ? await ctx.step('backup', () => this.backups.write()) : null;
    const deleted = backup ? await ctx.step('prune-backups', () => this.backups.prune(keep)) : [];
    if (written) {
      ctx.log.info(
        `Backup ${written.backup}: ${written.records} records, ${written.bytes} bytes; ${deleted.length} older deleted`,
      );
    }
    ctx.progress(50, backup ? 'backed up' : 'no backup asked');

    const repair = optimize ? await ctx.step('verify-and-repair', () => this.repair.run()) : null;
    if (repair) {
      ctx.log.info(
        `Verification: ${repair.orphans_found} orphan chunks (${repair.orphans_deleted} deleted), ` +
          `${repair.documents_missing_chunks} documents missing chunks (${repair.reindexed.length} indexed again)`,
      );
      for (const failure of repair.reindex_failed) ctx.log.warn(`Not repaired: ${failure.error}`);
    }
    ctx.progress(85, 'verified');

    const after = await ctx.step('measure-after', () => this.snapshots.take());
    const result = { before, after, backup: written, backups_deleted: deleted, repair };
    const reportId = await ctx.report('json', 'documents-vector-maintenance', result);
    ctx.progress(100, repair?.consistent === false ? 'done, not everything repaired' : 'done');
    return { ...result, report_id: reportId };
  }
}
