import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The foreign key columns of the pricing tables, each with the index that lets a lookup by parent seek. */
const FOREIGN_KEY_INDEXES = [
  { table: 'dpgf', name: 'idx_dpgf_import', column: 'id_import' },
  { table: 'lots', name: 'idx_lots_dpgf', column: 'id_dpgf' },
  { table: 'sections', name: 'idx_sections_lot', column: 'id_lot' },
  { table: 'sections', name: 'idx_sections_parent', column: 'section_parent_id' },
  { table: 'elements_ouvrage', name: 'idx_elements_ouvrage_section', column: 'id_section' },
];

/**
 * SQLite does not index a foreign key column by itself (InnoDB does, when the key is created): deleting an
 * import's rows, which cascades dpgf → lots → sections → elements, scanned elements_ouvrage once per section, so a
 * re-import (which replaces the previous one) ran 13 times slower than a first import and slowed as the table
 * grew, and browsing a section's elements scanned the whole table. MySQL already has these indexes: nothing to do.
 */
export class DpgfForeignKeyIndexes1734000000000 implements MigrationInterface {
  name = 'DpgfForeignKeyIndexes1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.dataSource.options.type !== 'better-sqlite3') return;
    for (const { table, name, column } of FOREIGN_KEY_INDEXES) {
      await queryRunner.createIndex(table, new TableIndex({ name, columnNames: [column] }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.dataSource.options.type !== 'better-sqlite3') return;
    for (const { table, name } of FOREIGN_KEY_INDEXES) await queryRunner.dropIndex(table, name);
  }
}
