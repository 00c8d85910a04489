import { DataSource } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@relais/notifications';
import { dataSourceOptions, PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '@relais/persistence';

/**
 * A migrated database with the platform's and the notifications lib's tables (what the data source holds once
 * NOTIFICATION_ENTITIES and NOTIFICATION_MIGRATIONS are registered with the platform's), on the given engine.
 */
export async function openNotificationsDatabase(database: RelaisConfig['database']): Promise<DataSource> {
  const options = dataSourceOptions(database);
  const dataSource = new DataSource({
    ...options,
    entities: [...PLATFORM_ENTITIES, ...NOTIFICATION_ENTITIES],
    migrations: [...PLATFORM_MIGRATIONS, ...NOTIFICATION_MIGRATIONS],
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  return dataSource;
}
