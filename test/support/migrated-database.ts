import type { DataSource } from 'typeorm';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { openDatabase, platformTables } from '@relais/persistence';
import { testDatabase, type TestDatabase } from './test-env';

/** A fresh, migrated database shared by the tests of one `describe` block (or file). */
export interface MigratedDatabase {
  readonly dataSource: DataSource;
  readonly testDatabase: TestDatabase;
}

/**
 * Registers beforeAll/afterAll hooks that open a fresh database with `openDatabase()` and every shipped domain's
 * tables (so migrations run, as in the apps) and close and drop it afterwards. Read the properties inside tests or hooks, not at load time.
 */
export function useMigratedDatabase(): MigratedDatabase {
  let opened: MigratedDatabase | undefined;
  beforeAll(async () => {
    const database = await testDatabase();
    try {
      opened = {
        dataSource: await openDatabase(database.database, platformTables(new DomainRegistry(DOMAINS))),
        testDatabase: database,
      };
    } catch (error) {
      await database.drop();
      throw error;
    }
  });
  afterAll(async () => {
    if (!opened) return;
    const { dataSource, testDatabase: database } = opened;
    opened = undefined;
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });
  const current = (): MigratedDatabase => {
    if (!opened) throw new Error('useMigratedDatabase(): the database is only open inside tests and their hooks');
    return opened;
  };
  return {
    get dataSource() {
      return current().dataSource;
    },
    get testDatabase() {
      return current().testDatabase;
    },
  };
}
