import { bigintColumn, largeTextType, varcharColumn } from '@relais/persistence';
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * ingest_documents: the ingestion manifest (driver-neutral schema API like the platform tables; chunk id lists
 * need MySQL's LONGTEXT: a 10 MB file makes ~12 000 chunks, ~500 KB of ids, over TEXT's 64 KB).
 */
export class IngestDocuments1732300000000 implements MigrationInterface {
  name = 'IngestDocuments1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const largeText = largeTextType(queryRunner);
    const str = varcharColumn;
    const big = bigintColumn;
    const json = (name: string, nullable: boolean): TableColumnOptions => ({
      name,
      type: largeText,
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'ingest_documents',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('source', 1000),
          str('source_key', 64),
          str('sha256', 64, true),
          big('size_bytes'),
          str('format', 20, true),
          str('document_type', 20, true),
          str('encoding', 20, true),
          str('chunker_version', 100, true),
          str('embedder_id', 200, true),
          json('chunk_ids', false),
          { name: 'chunk_count', type: 'int', isNullable: false },
          json('staged_chunks', true),
          json('retired_chunks', true),
          str('state', 20),
          str('error_code', 40, true),
          str('error_message', 2000, true),
          big('created_at'),
          big('updated_at'),
          big('indexed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_ingest_documents_source_key', columnNames: ['source_key'], isUnique: true }),
          new TableIndex({ name: 'idx_ingest_documents_state', columnNames: ['state'] }),
          new TableIndex({ name: 'idx_ingest_documents_updated', columnNames: ['updated_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingest_documents', true);
  }
}
