import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { bigintColumn, largeTextType, varcharColumn } from '@relais/persistence';

const id = (name: string): TableColumnOptions => ({
  name,
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
const decimal = (name: string, precision: number, scale: number): TableColumnOptions => ({
  name,
  type: 'decimal',
  precision,
  scale,
  isNullable: true,
});
const cascade = (column: string, table: string, referenced: string) => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: [referenced],
  onDelete: 'CASCADE',
});

/**
 * The pricing tables (clients, dpgf, lots, sections, elements_ouvrage) and the import bookkeeping
 * (dpgf_imports: one row per imported file), in the database DPGF_DATABASE_URL names. Money and quantities are
 * DECIMAL; designations and titles are TEXT (LONGTEXT on MySQL): never cut. Deleting an import's dpgf row
 * cascades to its lots, sections and elements, which is how a re-import replaces the previous one.
 */
export class DpgfTables1733600000000 implements MigrationInterface {
  name = 'DpgfTables1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const text = largeTextType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'clients',
        columns: [id('id_client'), varcharColumn('nom_client', 255)],
        indices: [new TableIndex({ name: 'uq_clients_nom', columnNames: ['nom_client'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dpgf_imports',
        columns: [
          id('id_import'),
          varcharColumn('source', 20),
          // SHA-256 of source + path: the unique key a new version of the same file replaces (a path can pass
          // MySQL's index length).
          varcharColumn('source_key', 64),
          varcharColumn('source_id', 500),
          varcharColumn('source_path', 1000),
          varcharColumn('sha256', 64),
          bigintColumn('size_bytes'),
          varcharColumn('type_document', 4),
          { name: 'sheets', type: 'text' },
          int('lots'),
          int('sections'),
          int('elements'),
          int('mismatches'),
          varcharColumn('state', 20),
          bigintColumn('started_at'),
          bigintColumn('ended_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_dpgf_imports_source_key', columnNames: ['source_key'], isUnique: true }),
          new TableIndex({ name: 'idx_dpgf_imports_sha256', columnNames: ['sha256'] }),
        ],
      }),
    );
    // The last failed import of a path, so that a nightly run does not retry the same broken content every night.
    await queryRunner.createTable(
      new Table({
        name: 'dpgf_import_failures',
        columns: [
          { ...varcharColumn('source_key', 64), isPrimary: true },
          varcharColumn('source_path', 1000),
          varcharColumn('sha256', 64),
          { name: 'message', type: 'text' },
          bigintColumn('failed_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'dpgf',
        columns: [
          id('id_dpgf'),
          int('id_client'),
          int('id_import'),
          varcharColumn('nom_projet', 500),
          { name: 'date_dpgf', type: 'date', isNullable: true },
          { ...varcharColumn('statut_offre', 10), default: "'en_cours'" },
          varcharColumn('fichier_source', 1000),
          varcharColumn('type_document', 4),
        ],
        foreignKeys: [cascade('id_client', 'clients', 'id_client'), cascade('id_import', 'dpgf_imports', 'id_import')],
        indices: [new TableIndex({ name: 'idx_dpgf_client', columnNames: ['id_client'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lots',
        columns: [
          id('id_lot'),
          int('id_dpgf'),
          varcharColumn('numero_lot', 20, true),
          varcharColumn('nom_lot', 500),
          varcharColumn('feuille', 255),
        ],
        foreignKeys: [cascade('id_dpgf', 'dpgf', 'id_dpgf')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sections',
        columns: [
          id('id_section'),
          int('id_lot'),
          int('section_parent_id', true),
          varcharColumn('numero_section', 30, true),
          { name: 'titre_section', type: text },
          int('niveau_hierarchique'),
        ],
        foreignKeys: [cascade('id_lot', 'lots', 'id_lot'), cascade('section_parent_id', 'sections', 'id_section')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'elements_ouvrage',
        columns: [
          id('id_element'),
          int('id_section'),
          varcharColumn('numero_article', 50, true),
          { name: 'designation_exacte', type: text },
          varcharColumn('unite', 30, true),
          decimal('quantite', 12, 3),
          decimal('prix_unitaire_ht', 15, 2),
          decimal('prix_total_ht', 18, 2),
          { name: 'offre_acceptee', type: 'boolean', default: false },
          // Quantity × unit price ≠ total in the schedule: kept as written, flagged for a person.
          { name: 'ecart_calcul', type: 'boolean', default: false },
          int('ligne_source'),
        ],
        foreignKeys: [cascade('id_section', 'sections', 'id_section')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'elements_ouvrage',
      'sections',
      'lots',
      'dpgf',
      'dpgf_import_failures',
      'dpgf_imports',
      'clients',
    ])
      await queryRunner.dropTable(table);
  }
}
