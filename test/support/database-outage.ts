import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { RestartableMariaDb } from './mariadb-test-server';
import { testDbKind, testTempDir } from './test-env';

/**
 * A database that a test can make unavailable and bring back, on TEST_DB's engine:
 *
 * - MariaDB: a server of the test's own, shut down and started again on the same port and data (clients find it
 *   gone, connection refused, then back with everything it had committed).
 * - SQLite: there is no server to lose. Its outage is the write lock held by another process past the 10 s busy
 *   timeout (a backup, a stuck process, a `sqlite3` shell left in a transaction): reads go on, every write fails
 *   with SQLITE_BUSY after waiting 10 s. (Making the file unwritable is not one: a process that has it open keeps
 *   writing through its open descriptors; a full disk or a file system remounted read-only would be, but needs
 *   root to stage.)
 */
export interface OutageDatabase {
  /** DATABASE_URL for the processes under test. */
  readonly url: string;
  readonly kind: 'sqlite' | 'mariadb';
  takeDown(): Promise<void>;
  bringBack(): Promise<void>;
  /** Brings it back if needed and removes it. */
  close(): Promise<void>;
}

export async function outageDatabase(): Promise<OutageDatabase> {
  if (testDbKind() === 'mariadb') {
    const server = await RestartableMariaDb.start(await testTempDir('outage-'));
    const admin = await createConnection(server.url);
    try {
      await admin.query('CREATE DATABASE relais CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    } finally {
      await admin.end();
    }
    return {
      url: `${server.url}/relais`,
      kind: 'mariadb',
      takeDown: () => server.stop(),
      bringBack: () => (server.isRunning() ? Promise.resolve() : server.restart()),
      close: () => server.close(),
    };
  }
  const path = `${await testTempDir('outage-sqlite-')}/relais.sqlite`;
  let holder: Database.Database | null = null;
  const release = (): void => {
    if (!holder) return;
    holder.exec('ROLLBACK');
    holder.close();
    holder = null;
  };
  return {
    url: `sqlite:${path}`,
    kind: 'sqlite',
    takeDown: () => {
      holder = new Database(path, { timeout: 30_000 });
      holder.exec('BEGIN IMMEDIATE');
      return Promise.resolve();
    },
    bringBack: () => {
      release();
      return Promise.resolve();
    },
    close: () => {
      release();
      return Promise.resolve();
    },
  };
}
