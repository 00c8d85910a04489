import type Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/**
 * The better-sqlite3 connection under a TypeORM DataSource on SQLite (TypeORM's SQLite driver holds one), for
 * what TypeORM does not offer: synchronous statements, pragmas, the online backup. Null on another database, or
 * before the DataSource is initialised.
 */
export function sqliteConnectionOf(dataSource: DataSource): Database.Database | null {
  if (dataSource.options.type !== 'better-sqlite3') return null;
  return (dataSource.driver as unknown as { databaseConnection?: Database.Database }).databaseConnection ?? null;
}
