import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * scrutart_artists, scrutart_images, scrutart_posts: what Scrutart published where (driver-neutral schema API,
 * like the platform tables; only a page's draft content needs MySQL's LONGTEXT).
 */
export class ScrutartTables1732250000000 implements MigrationInterface {
  name = 'ScrutartTables1732250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const largeText = queryRunner.dataSource.driver.options.type === 'mysql' ? 'longtext' : 'text';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
    const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

    await queryRunner.createTable(
      new Table({
        name: 'scrutart_artists',
        columns: [
          { ...str('qid', 20), isPrimary: true },
          str('name', 300),
          str('description', 500, true),
          int('works_count', true),
          int('piwigo_gallery_id', true),
          str('piwigo_gallery_url', 1000, true),
          str('last_run_id', 36, true),
          ms('last_processed_at', true),
          ms('created_at'),
          ms('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_scrutart_artists_processed', columnNames: ['last_processed_at'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'scrutart_images',
        columns: [
          // The primary key is the unique (artist, work): one upload per work of an artist.
          { ...str('artist_qid', 20), isPrimary: true },
          { ...str('work_qid', 20), isPrimary: true },
          str('commons_file', 500),
          str('title', 500, true),
          int('piwigo_image_id'),
          int('piwigo_gallery_id'),
          ms('uploaded_at'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'scrutart_posts',
        columns: [
          { ...str('qid', 20), isPrimary: true },
          { ...str('lang', 5), isPrimary: true },
          str('slug', 100),
          str('title', 500),
          str('status', 20),
          int('wordpress_id', true),
          str('link', 1000, true),
          { name: 'content', type: largeText, isNullable: true },
          str('run_id', 36, true),
          ms('created_at'),
          ms('updated_at'),
        ],
        indices: [new TableIndex({ name: 'idx_scrutart_posts_updated', columnNames: ['updated_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('scrutart_posts', true);
    await queryRunner.dropTable('scrutart_images', true);
    await queryRunner.dropTable('scrutart_artists', true);
  }
}
