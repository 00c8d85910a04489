import type { DomainRegistry, EntityClass, MigrationClass } from '@relais/domain-kit';
import { PLATFORM_ENTITIES } from './entities';
import { PLATFORM_MIGRATIONS } from './migrations';

/** The tables one DataSource maps and the migrations that create them. */
export interface DatabaseTables {
  entities: readonly EntityClass[];
  migrations: readonly MigrationClass[];
  /** Where TypeORM records the migrations it ran; a domain with a database of its own keeps a table apart. */
  migrationsTableName?: string;
}

/** Relais's own database: the platform's tables plus those the domains keep there. */
export function platformTables(registry?: DomainRegistry): DatabaseTables {
  return {
    entities: [...PLATFORM_ENTITIES, ...(registry?.entities() ?? [])],
    migrations: [...PLATFORM_MIGRATIONS, ...(registry?.migrations() ?? [])],
  };
}
