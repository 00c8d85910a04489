import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from '@relais/persistence';
import { testDatabase, type TestDatabase } from '../../../../test/support/test-env';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '../manifest';

/**
 * A fresh database (TEST_DB's engine) with the ingestion's migrations applied, for the tests of one describe
 * block: the platform's own tables are left out until the lead registers INGEST_ENTITIES and INGEST_MIGRATIONS.
 */
export function useIngestDatabase(): { readonly dataSource: DataSource } {
  let opened: { dataSource: DataSource; database: TestDatabase } | undefined;
  beforeAll(async () => {
    const database = await testDatabase();
    const options = {
      ...dataSourceOptions(database.database),
      entities: INGEST_ENTITIES,
      migrations: INGEST_MIGRATIONS,
    } as DataSourceOptions;
    const dataSource = new DataSource(options);
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'all' });
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await database.drop();
      throw error;
    }
    opened = { dataSource, database };
  });
  afterAll(async () => {
    if (!opened) return;
    await opened.dataSource.destroy();
    await opened.database.drop();
    opened = undefined;
  });
  return {
    get dataSource() {
      if (!opened) throw new Error('useIngestDatabase(): the database is only open inside tests and their hooks');
      return opened.dataSource;
    },
  };
}
