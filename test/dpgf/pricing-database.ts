import type { DataSource } from 'typeorm';
import { DPGF_ENTITIES, DPGF_MIGRATIONS } from '@relais/domains/dpgf/persistence';
import { openDatabase } from '@relais/persistence';
import { testDatabase, type TestDatabase } from '../support/test-env';

/** A fresh pricing database (SQLite or MariaDB per TEST_DB) with the DPGF migrations applied, as the worker opens it. */
export async function openPricingDatabase(): Promise<{
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}> {
  const database = await testDatabase();
  const dataSource = await openDatabase(database.database, {
    entities: DPGF_ENTITIES,
    migrations: DPGF_MIGRATIONS,
    migrationsTableName: 'dpgf_migrations',
  });
  return {
    dataSource,
    database,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

/** Rows in each pricing table. */
export async function pricingCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['clients', 'dpgf_imports', 'dpgf', 'lots', 'sections', 'elements_ouvrage']) {
    const [row] = await dataSource.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}
