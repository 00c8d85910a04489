import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column shapes the migrations share (TypeORM's driver-neutral schema API, the same on SQLite and MySQL). */

/** VARCHAR(length). */
export function varcharColumn(name: string, length: number, nullable = false): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), isNullable: nullable };
}

/** BIGINT: epoch milliseconds, sizes, counts that may pass 2^31. */
export function bigintColumn(name: string, nullable = false): TableColumnOptions {
  return { name, type: 'bigint', isNullable: nullable };
}

/** The type of text that may pass 64 KB: MySQL's TEXT stops there, LONGTEXT does not; SQLite's TEXT has no limit. */
export function largeTextType(queryRunner: QueryRunner): 'longtext' | 'text' {
  return queryRunner.dataSource.driver.options.type === 'mysql' ? 'longtext' : 'text';
}
