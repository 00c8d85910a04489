import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintColumn, varcharColumn } from '@relais/persistence';

/** dpgf_row_labels: Gemini's labels of ambiguous rows, by the SHA-256 of model and text (a cache across files and runs). */
export class DpgfRowLabels1733800000000 implements MigrationInterface {
  name = 'DpgfRowLabels1733800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'dpgf_row_labels',
        columns: [
          { ...varcharColumn('content_hash', 64), isPrimary: true },
          varcharColumn('label', 10),
          bigintColumn('created_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dpgf_row_labels');
  }
}
