import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintColumn, varcharColumn } from '@relais/persistence';

/**
 * dpgf_imports learns what became of each imported file at its source: `source_deleted_at`, set when the file
 * (or a folder holding it) was deleted there, so that its priced data is flagged rather than silently erased
 * (removed only by a run with `prune_deleted`); and `source_tag`, the source's own content hash (SharePoint's
 * quickXorHash), which tells a renamed or moved file from a changed one without downloading it.
 */
export class DpgfImportSources1733900000000 implements MigrationInterface {
  name = 'DpgfImportSources1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('dpgf_imports', [
      new TableColumn(bigintColumn('source_deleted_at', true)),
      new TableColumn(varcharColumn('source_tag', 200, true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('dpgf_imports', 'source_tag');
    await queryRunner.dropColumn('dpgf_imports', 'source_deleted_at');
  }
}
