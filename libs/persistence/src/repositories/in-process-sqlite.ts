import type Database from 'better-sqlite3';
import { QueryFailedError, type DataSource } from 'typeorm';
import { sqliteConnectionOf } from '../sqlite-connection';

/** A SQL statement and its positional parameters. */
export type Statement = [sql: string, params: unknown[]];

type SqliteConnection = Database.Database;
type PreparedStatement = Database.Statement;

/** Statement texts kept prepared per connection: a write path uses a handful. */
const MAX_PREPARED = 64;
const preparedByConnection = new WeakMap<SqliteConnection, Map<string, PreparedStatement>>();

/**
 * Runs write statements all or nothing on the DataSource's own better-sqlite3 connection, synchronously: on
 * SQLite every statement already runs in this thread, and TypeORM's asynchronous query path around each one
 * (a promise per statement, its event broadcasts, BEGIN and COMMIT as queries of their own) cost more than the
 * rows themselves on the run write path (measured by `npm run bench:throughput`). Statements are prepared once
 * per text. Returns false, having done nothing, when the database is not SQLite or a transaction is open on the
 * connection (an asynchronous TypeORM transaction of this process, between two of its statements): the caller
 * then goes through TypeORM, which queues behind it, so these writes never join someone else's transaction.
 *
 * A failure is rethrown as TypeORM's QueryFailedError, as from the TypeORM path, so callers classify it the same
 * way (unique violations, outages).
 */
export function writeInProcess(dataSource: DataSource, statements: Statement[]): boolean {
  const db = sqliteConnectionOf(dataSource);
  if (!db || db.inTransaction) return false;
  let current: Statement = statements[0];
  try {
    const prepared = statements.map((statement) => preparedStatement(db, statement[0]));
    runInTransaction(db, statements.length, () => {
      for (const [index, statement] of statements.entries()) {
        current = statement;
        prepared[index].run(...statement[1]);
      }
    });
  } catch (error) {
    throw new QueryFailedError(current[0], current[1], error as Error);
  }
  return true;
}

function preparedStatement(db: SqliteConnection, sql: string): PreparedStatement {
  let cache = preparedByConnection.get(db);
  if (!cache) {
    cache = new Map();
    preparedByConnection.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_PREPARED) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** Several statements get BEGIN IMMEDIATE … COMMIT, rolled back if one fails; one is atomic already. */
function runInTransaction(db: SqliteConnection, statementCount: number, work: () => void): void {
  if (statementCount === 1) {
    work();
    return;
  }
  const begin = preparedStatement(db, 'BEGIN IMMEDIATE');
  const commit = preparedStatement(db, 'COMMIT');
  const rollback = preparedStatement(db, 'ROLLBACK');
  begin.run();
  try {
    work();
    commit.run();
  } catch (error) {
    if (db.inTransaction) rollback.run();
    throw error;
  }
}
