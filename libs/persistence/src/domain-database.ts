import { dirname, join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl, type RelaisConfig } from '@relais/config';

/**
 * Where a domain that keeps a database of its own finds it: the URL its setting names, else Relais's own
 * database on MySQL (row locks let the domain's long transactions and the engine's writes go on together) and,
 * on SQLite, a file of its own beside Relais's (`<domain>.sqlite`). SQLite has one writer per file: a domain
 * transaction that stays open while it works (DPGF imports a workbook as it parses it) would hold up every
 * Relais process's writes, and in its own process the engine's next write would wait out busy_timeout
 * synchronously, freezing the event loop the transaction needs to finish.
 */
export function domainDatabaseOf(
  domainName: string,
  url: string | null | undefined,
  config: Pick<RelaisConfig, 'database' | 'dataDir'>,
  settingName = `${domainName}'s database URL`,
): RelaisConfig['database'] {
  if (!url) {
    return config.database.kind === 'sqlite'
      ? { kind: 'sqlite', path: join(dirname(config.database.path), `${domainName}.sqlite`) }
      : config.database;
  }
  const database = parseDatabaseUrl(url, config.dataDir);
  const relaisFile = config.database.kind === 'sqlite' ? resolve(config.database.path) : null;
  if (database.kind === 'sqlite' && resolve(database.path) === relaisFile) {
    throw new Error(
      `${settingName} names Relais’s own SQLite file (${database.path}): SQLite has one writer per file, so the ` +
        `domain's transactions would stall Relais's writes. Leave it unset (${domainName}.sqlite beside ` +
        `Relais's file) or name another file.`,
    );
  }
  return database;
}

/**
 * Whether Relais's own SQLite database still holds a domain's tables (its migrations table is there): an install
 * from before a domain's default database became a file of its own. Those rows are no longer read.
 */
export async function holdsDomainTablesFromBefore(relais: DataSource, domainName: string): Promise<boolean> {
  if (relais.options.type !== 'better-sqlite3') return false;
  const rows = await relais.query<unknown[]>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [
    `${domainName}_migrations`,
  ]);
  return rows.length > 0;
}
