import Database from 'better-sqlite3';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { createConnection, type Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { sqliteConnectionOf } from '@relais/persistence';
import { backupNameAt, backupPath, type BackupFile, type BackupMethod } from '../maintenance/backup-file';
import { gunzipTo, gzipTo } from '../maintenance/gzip-file';
import { BackupNotFound, BackupNotRestorable, RestoreTargetNotEmpty } from '../maintenance/maintenance.errors';
import { findExecutable } from './find-executable';
import { exportMysqlDatabase, LOGICAL_EXPORT_HEADER } from './mysql-logical-export';
import { dumpWithTool, mysqlServerOf, restoreWithClient } from './mysql-dump-tool';

/** What a restore produced: where, and the rows of each table found there. */
export interface RestoreOutcome {
  /** The SQLite file or the MySQL database name restored into. */
  target: string;
  tables: Record<string, number>;
  method: 'sqlite-file' | 'logical-export' | 'mysql-client';
}

/** A restore target's name: a new SQLite file under BACKUP_DIR/restored, or a new database on the same server. */
export const RESTORE_TARGET = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Backups of Relais's own database and their restore. SQLite: the online backup API (consistent while the
 * other processes write). MySQL/MariaDB: the server's dump tool when installed (mariadb-dump or mysqldump,
 * --single-transaction), else Relais's logical export in one consistent snapshot. Always gzipped.
 */
export class DatabaseBackups {
  constructor(private readonly dataSource: DataSource) {}

  private get kind(): 'sqlite' | 'mysql' {
    return this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  /** Writes a new backup into `directory` and returns it; a failed one leaves no partial file. */
  async backup(directory: string, now: Date, signal?: AbortSignal): Promise<BackupFile> {
    await mkdir(directory, { recursive: true });
    const name = backupNameAt(this.kind, now);
    const path = join(directory, name);
    const raw = `${path}.partial`;
    const started = performance.now();
    let method: BackupMethod;
    try {
      if (this.kind === 'sqlite') {
        await this.sqlite().backup(raw);
        method = 'sqlite-online-backup';
        await gzipTo(raw, path, signal);
      } else {
        const tool = findExecutable(['mariadb-dump', 'mysqldump']);
        if (tool) {
          method = tool.endsWith('mariadb-dump') ? 'mariadb-dump' : 'mysqldump';
          await gzipTo(dumpWithTool(tool, mysqlServerOf(this.mysqlUrl()), signal), path, signal);
        } else {
          method = 'logical-export';
          await exportMysqlDatabase(this.dataSource, raw, signal);
          await gzipTo(raw, path, signal);
        }
      }
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    } finally {
      await rm(raw, { force: true });
    }
    const durationMs = Math.round(performance.now() - started);
    return { name, path, bytes: (await stat(path)).size, method, durationMs };
  }

  /**
   * Restores backup `name` (of this database's kind) into `target`: the file BACKUP_DIR/restored/<target>.sqlite
   * or the database <target> on the same MySQL server, which must be new or empty. Returns the rows found.
   */
  async restore(directory: string, name: string, target: string, signal?: AbortSignal): Promise<RestoreOutcome> {
    const file = backupPath(directory, name);
    if (!file || !(await stat(file).catch(() => null))) throw new BackupNotFound(name, directory);
    if (!name.startsWith(`relais-${this.kind}-`)) {
      throw new BackupNotRestorable(`${name} is not a ${this.kind} backup (this installation's database)`);
    }
    return this.kind === 'sqlite'
      ? this.restoreSqlite(file, join(directory, 'restored', `${target}.sqlite`), signal)
      : this.restoreMysql(file, target, signal);
  }

  private async restoreSqlite(file: string, target: string, signal?: AbortSignal): Promise<RestoreOutcome> {
    await mkdir(join(target, '..'), { recursive: true });
    if (await stat(target).catch(() => null)) throw new RestoreTargetNotEmpty(target);
    await gunzipTo(file, target, signal);
    const restored = new Database(target, { readonly: true });
    try {
      const check = restored.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupNotRestorable(`SQLite's integrity check says: ${String(check)}`);
      const tables = restored
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[];
      const counts = Object.fromEntries(
        tables.map((table) => [
          table,
          restored
            .prepare(`SELECT COUNT(*) FROM "${table.replace(/"/g, '""')}"`)
            .pluck()
            .get() as number,
        ]),
      );
      return { target, tables: counts, method: 'sqlite-file' };
    } finally {
      restored.close();
    }
  }

  private async restoreMysql(file: string, target: string, signal?: AbortSignal): Promise<RestoreOutcome> {
    const server = mysqlServerOf(this.mysqlUrl());
    const connection = await createConnection({ ...server, database: undefined, charset: 'utf8mb4' });
    try {
      await connection.query(`CREATE DATABASE IF NOT EXISTS \`${target}\` CHARACTER SET utf8mb4`);
      await connection.query(`USE \`${target}\``);
      if ((await tablesOf(connection)).length > 0) throw new RestoreTargetNotEmpty(`database ${target}`);
      let method: RestoreOutcome['method'];
      if ((await firstLine(file)) === LOGICAL_EXPORT_HEADER) {
        method = 'logical-export';
        await runStatements(connection, file, signal);
      } else {
        const client = findExecutable(['mariadb', 'mysql']);
        if (!client)
          throw new BackupNotRestorable('it was made by a dump tool and no mariadb/mysql client is installed');
        method = 'mysql-client';
        await restoreWithClient(client, server, target, file, signal);
      }
      const tables: Record<string, number> = {};
      for (const table of await tablesOf(connection)) {
        const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
        // COUNT(*) is a BIGINT: mysql2 may answer it as a string.
        tables[table] = Number((rows as { n: number | string }[])[0].n);
      }
      return { target: `database ${target}`, tables, method };
    } finally {
      await connection.end();
    }
  }

  private sqlite(): Database.Database {
    const db = sqliteConnectionOf(this.dataSource);
    if (!db) throw new Error('the database is not SQLite');
    return db;
  }

  private mysqlUrl(): string {
    return (this.dataSource.options as { url: string }).url;
  }
}

async function tablesOf(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query('SHOW TABLES');
  return (rows as Record<string, string>[]).map((row) => Object.values(row)[0]);
}

function lines(file: string): { lines: AsyncIterable<string>; close(): void } {
  const input = createReadStream(file);
  const reader = createInterface({ input: input.pipe(createGunzip()), crlfDelay: Infinity });
  return { lines: reader, close: () => input.destroy() };
}

async function firstLine(file: string): Promise<string | null> {
  const reader = lines(file);
  try {
    for await (const line of reader.lines) return line;
    return null;
  } finally {
    reader.close();
  }
}

/** The logical export's statements, one per line, comments skipped. */
async function runStatements(connection: Connection, file: string, signal?: AbortSignal): Promise<void> {
  for await (const line of lines(file).lines) {
    signal?.throwIfAborted();
    if (line.trim() === '' || line.startsWith('--')) continue;
    await connection.query(line);
  }
}
