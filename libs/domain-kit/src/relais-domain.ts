import type { DynamicModule, Type } from '@nestjs/common';
import type { DeploymentDefinition, FlowContract } from '@relais/contracts';
import type { MigrationInterface } from 'typeorm';
import type { DomainSettings } from './domain-settings';
import type { LegacyRoute } from './legacy-route';

/** A TypeORM entity class. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for an entity class
export type EntityClass = Function;

/** A TypeORM migration class. */
export type MigrationClass = new () => MigrationInterface;

/** A repository a persistence module builds from a DataSource (`new Repository(dataSource)`). */
export type RepositoryClass = new (dataSource: never) => object;

/** The tables a domain owns and the migrations that create them. */
export interface DomainTables {
  entities: readonly EntityClass[];
  /** In order. Never edit one that has shipped: add another. */
  migrations: readonly MigrationClass[];
  /** Built once per process from the data source these tables live in, injectable by class. */
  repositories?: readonly RepositoryClass[];
}

/**
 * A database of the domain's own (the DPGF pricing tables belong to the business's MySQL, not to Relais's):
 * its tables, and the URL its settings name. A null URL means Relais's own database; the domain's migrations
 * are then recorded in a table of their own (`<domain>_migrations`), so they never mix with the platform's.
 */
export interface DomainDatabase<TSettings> extends DomainTables {
  /** The URL its settings name; null: Relais's database on MySQL, `<domain>.sqlite` beside Relais's on SQLite. */
  url(settings: TSettings): string | null;
  /** The environment variable that names it, for the messages that refuse a URL. */
  urlVariable?: string;
}

/** The HTTP routes a domain adds to the gateway. */
export interface DomainGateway {
  /** A Nest module whose controllers the gateway mounts under `/api/<domain name>`. */
  module: Type<unknown> | DynamicModule;
  /** Older paths kept working (a seed's API): rewritten to the mounted path before routing. */
  legacyRoutes?: readonly LegacyRoute[];
  /**
   * Routes (relative to `/api/<domain name>`, e.g. `''` or `/files`) that take POST bodies in multipart/form-data
   * (file uploads) and read them themselves: the gateway lets that media type through to them, and only to them.
   */
  uploadRoutes?: readonly string[];
}

/**
 * A figure the ops analytics report shows for a domain (artists published, documents indexed…), counted from the
 * domain's own runs of the period, so that no shared code reads a domain's tables: the number of COMPLETED runs
 * of `flow`, or the sum of the numeric field `sum` of their results.
 */
export type DomainFigure = { key: string; label: string; flow: string } & (
  { count: 'completed-runs' } | { sum: string }
);

/**
 * Everything a domain owns, declared in one place. The shared libs read domains only through this shape, from
 * the list the apps hand them (domains/index.ts): adding a domain edits that list and nothing else shared.
 */
export interface RelaisDomain<TSettings = unknown> {
  /** Lower-case name: routes under `/api/<name>`, settings at `config.domains[<name>]`, tables prefixed. */
  name: string;
  description: string;
  flows: readonly FlowContract[];
  deployments?: readonly DeploymentDefinition[];
  /** Tables in Relais's own database (migrated with the platform's, in one ordered list). */
  tables?: DomainTables;
  /** Tables in a database of the domain's own. */
  database?: DomainDatabase<TSettings>;
  settings?: DomainSettings<TSettings>;
  gateway?: DomainGateway;
  /** Figures of the analytics report (ops.analytics-report); without them it shows the domain's runs only. */
  figures?: readonly DomainFigure[];
}

/** Declares a domain with its settings' type inferred (a typed identity: the checks happen in DomainRegistry). */
export function defineDomain<TSettings = undefined>(domain: RelaisDomain<TSettings>): RelaisDomain<TSettings> {
  return domain;
}
