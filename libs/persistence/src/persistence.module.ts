import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { domainSettingsOf, type AnyDomain, type DomainRegistry } from '@relais/domain-kit';
import { openDatabase } from './data-source.factory';
import { platformTables } from './database-tables';
import { domainDatabaseOf, holdsDomainTablesFromBefore } from './domain-database';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { ArtifactRepository } from './repositories/artifact.repository';
import { DeploymentRepository } from './repositories/deployment.repository';
import { FlowRunRepository } from './repositories/flow-run.repository';
import { RunLogRepository } from './repositories/run-log.repository';
import { StepRunRepository } from './repositories/step-run.repository';

const PLATFORM_REPOSITORIES = [
  FlowRunRepository,
  StepRunRepository,
  RunLogRepository,
  DeploymentRepository,
  ArtifactRepository,
  ApiTokenRepository,
];

/** Injection token of the DataSource of a domain that keeps its tables in a database of its own. */
export function domainDataSourceToken(domainName: string): string {
  return `relais:data-source:${domainName}`;
}

/** Every DataSource this process opened, closed at shutdown. */
@Injectable()
class OpenDataSources implements OnApplicationShutdown {
  private readonly dataSources: DataSource[];

  constructor(...dataSources: DataSource[]) {
    this.dataSources = dataSources;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.dataSources.filter((source) => source.isInitialized).map((source) => source.destroy()));
  }
}

/**
 * The databases (migrated at start) and their repositories: Relais's own, with the platform's tables and those
 * the domains keep there, and one per domain that names a database of its own.
 */
@Module({})
export class PersistenceModule {
  static forDomains(registry: DomainRegistry): DynamicModule {
    const repositoryProviders: Provider[] = [...PLATFORM_REPOSITORIES, ...registry.repositories()].map(
      (repository) => ({
        provide: repository,
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => new repository(dataSource as never),
      }),
    );
    const ownDatabases = registry.withOwnDatabase().flatMap(ownDatabaseProviders);
    const dataSourceTokens = [DataSource, ...registry.withOwnDatabase().map((d) => domainDataSourceToken(d.name))];
    const providers: Provider[] = [
      {
        provide: DataSource,
        inject: [RELAIS_CONFIG],
        useFactory: (config: RelaisConfig) => openDatabase(config.database, platformTables(registry)),
      },
      ...repositoryProviders,
      ...ownDatabases,
      {
        provide: OpenDataSources,
        inject: dataSourceTokens,
        useFactory: (...dataSources: DataSource[]) => new OpenDataSources(...dataSources),
      },
    ];
    return {
      module: PersistenceModule,
      global: true,
      providers,
      exports: providers.map((provider) => (typeof provider === 'function' ? provider : provider.provide)),
    };
  }
}

/** The DataSource of a domain's own database and the repositories built on it. */
function ownDatabaseProviders(domain: AnyDomain): Provider[] {
  const database = domain.database;
  if (!database) return [];
  const token = domainDataSourceToken(domain.name);
  return [
    {
      provide: token,
      inject: [RELAIS_CONFIG, DataSource],
      useFactory: async (config: RelaisConfig, relais: DataSource) => {
        const url = database.url(domainSettingsOf(config, domain));
        const own = domainDatabaseOf(domain.name, url, config, database.urlVariable);
        if (!url && own.kind === 'sqlite' && (await holdsDomainTablesFromBefore(relais, domain.name))) {
          new Logger(PersistenceModule.name).warn(
            `Relais's database still holds the ${domain.name} tables of an earlier version; they are no longer ` +
              `read: the domain's tables are now in ${own.path} (on SQLite a domain with a database of its own gets ` +
              `a file of its own). Run its flows again to fill it, then drop the old tables.`,
          );
        }
        return openDatabase(own, {
          entities: database.entities,
          migrations: database.migrations,
          migrationsTableName: `${domain.name}_migrations`,
        });
      },
    },
    ...(database.repositories ?? []).map((repository) => ({
      provide: repository,
      inject: [token],
      useFactory: (dataSource: DataSource) => new repository(dataSource as never),
    })),
  ];
}

/** Injects a domain's own DataSource: `@InjectDomainDataSource('dpgf') dataSource: DataSource`. */
export const InjectDomainDataSource = (domainName: string): ParameterDecorator =>
  Inject(domainDataSourceToken(domainName));
