import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { PLATFORM_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for the configured database; migrations run at start, schema sync never. */
export function dataSourceOptions(database: RelaisConfig['database']): DataSourceOptions {
  const common = {
    entities: PLATFORM_ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
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
 * Opens the database and applies pending migrations. Several processes may start at once: a migration that
 * loses the race fails, rolls back, and is retried after the winner has finished.
 */
export async function openDatabase(database: RelaisConfig['database']): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.runMigrations({ transaction: 'all' });
      return dataSource;
    } catch (error) {
      if (attempt >= 5) {
        await dataSource.destroy();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
