import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintColumn, largeTextType, varcharColumn } from '@relais/persistence';

/**
 * dpgf_graph_delta: per SharePoint scan scope, the delta link the next scan starts from (set only once a run
 * imported every changed file) and the folder tree that rebuilds paths from delta answers, which carry none.
 */
export class DpgfGraphDelta1733700000000 implements MigrationInterface {
  name = 'DpgfGraphDelta1733700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'dpgf_graph_delta',
        columns: [
          { ...varcharColumn('scope_key', 64), isPrimary: true },
          varcharColumn('scope', 1000),
          { name: 'delta_link', type: 'text', isNullable: true },
          // Thousands of folders pass MySQL's 64 KB TEXT.
          { name: 'folders', type: largeTextType(queryRunner) },
          bigintColumn('updated_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dpgf_graph_delta');
  }
}
