import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { platformTables, type DatabaseTables } from './database-tables';
import { retrying, retryWhileSqliteBusy } from './sqlite-busy-retry';

/** TypeORM options for the configured database; migrations run at start, schema sync never. */
export function dataSourceOptions(
  database: RelaisConfig['database'],
  tables: DatabaseTables = platformTables(),
): DataSourceOptions {
  const common = {
    entities: [...tables.entities],
    migrations: [...tables.migrations],
    migrationsTableName: tables.migrationsTableName,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  };
  if (database.kind === 'sqlite') {
    mkdirSync(dirname(database.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: database.path,
      enableWAL: true,
      // Several processes (gateway, scheduler, workers) share the file: wait for a writer instead of failing.
      timeout: 10_000,
      prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
        db.pragma('busy_timeout = 10000');
        // WAL + NORMAL is durable across process crashes; only an OS crash can lose the last commits.
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: database.url,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: 20 },
  };
}

/**
 * Opens the database and applies pending migrations. Several processes may start at once: on MySQL they queue
 * on a named lock (MySQL cannot roll back a half-created table, so the race must not happen at all); on SQLite
 * the file lock serialises them and a migration that loses the race rolls back and is retried.
 */
export async function openDatabase(
  database: RelaisConfig['database'],
  tables: DatabaseTables = platformTables(),
): Promise<DataSource> {
  // A new DataSource per attempt: one whose initialize failed is not reused.
  const dataSource = await retryWhileSqliteBusy(() => new DataSource(dataSourceOptions(database, tables)).initialize());
  try {
    if (database.kind === 'mysql') await migrateUnderMysqlLock(dataSource, tables.migrationsTableName ?? 'migrations');
    else await migrateWithRetry(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

async function migrateUnderMysqlLock(dataSource: DataSource, migrationsTable: string): Promise<void> {
  // One lock per migrations table: a domain's own database migrates without waiting for the platform's.
  const lockName = `relais_${migrationsTable}`;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 120) AS acquired', [lockName])) as {
      acquired: number | null;
    }[];
    if (row.acquired !== 1) throw new Error('Timed out waiting for another process to finish the migrations');
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [lockName]);
    }
  } finally {
    await runner.release();
  }
}

/** A migration that lost the race for the file rolls back (`transaction: 'all'`) and is tried again. */
async function migrateWithRetry(dataSource: DataSource): Promise<void> {
  await retrying(
    () => dataSource.runMigrations({ transaction: 'all' }),
    () => true,
  );
}
