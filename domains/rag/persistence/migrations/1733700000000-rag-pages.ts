import { bigintColumn, largeTextType, varcharColumn } from '@relais/persistence';
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * rag_pages: the RAG knowledge base's page manifest (driver-neutral schema API; chunk id lists need MySQL's
 * LONGTEXT: a long library page makes hundreds of chunks with ids of ~60 characters).
 */
export class RagPages1733700000000 implements MigrationInterface {
  name = 'RagPages1733700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const largeText = largeTextType(queryRunner);
    const str = varcharColumn;
    const big = bigintColumn;
    await queryRunner.createTable(
      new Table({
        name: 'rag_pages',
        columns: [
          { ...str('page', 255), isPrimary: true },
          str('url', 1000),
          str('title', 500),
          { name: 'section_path', type: largeText, isNullable: false },
          str('etag', 500, true),
          str('last_modified', 100, true),
          str('content_hash', 64),
          { name: 'chunk_ids', type: largeText, isNullable: false },
          { name: 'chunk_count', type: 'int', isNullable: false },
          big('indexed_at'),
          big('fetched_at'),
        ],
        indices: [new TableIndex({ name: 'idx_rag_pages_indexed_at', columnNames: ['indexed_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rag_pages', true);
  }
}
