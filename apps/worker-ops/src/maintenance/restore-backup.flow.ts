import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { RESTORE_BACKUP_FLOW, type RestoreBackupParams, type RestoreBackupResult } from '@relais/domains/ops/contracts';
import { DatabaseBackups } from '@relais/domains/ops/persistence/database-backups';
import { opsSettingsOf } from '@relais/domains/ops/settings/ops.settings';
import type { FlowHandler, RunContext } from '@relais/engine';

/**
 * `ops.restore-backup {backup, target}` (manual): restores a backup of BACKUP_DIR into a new SQLite file
 * (BACKUP_DIR/restored/<target>.sqlite) or a new, empty database on the same server, then counts its rows. It
 * never writes over the live database: switching to the restored one is an operator's move (docs/domains/ops.md).
 */
@Injectable()
export class RestoreBackupFlow implements FlowHandler<typeof RESTORE_BACKUP_FLOW> {
  readonly contract = RESTORE_BACKUP_FLOW;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(DatabaseBackups) private readonly backups: DatabaseBackups,
  ) {}

  async run(ctx: RunContext<RestoreBackupParams>): Promise<RestoreBackupResult> {
    const directory = opsSettingsOf(this.config).maintenance.backupDir;
    const restored = await ctx.step('restore', ({ signal }) =>
      this.backups.restore(directory, ctx.params.backup, ctx.params.target, signal),
    );
    const rows = Object.values(restored.tables).reduce((sum, count) => sum + count, 0);
    ctx.log.info(
      `Restored ${ctx.params.backup} into ${restored.target}: ${rows} rows in ${Object.keys(restored.tables).length} tables`,
    );
    ctx.progress(100, `Restored into ${restored.target}`);
    return { backup: ctx.params.backup, target: restored.target, method: restored.method, tables: restored.tables };
  }
}
