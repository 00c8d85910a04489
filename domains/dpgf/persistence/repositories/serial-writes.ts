import type { DataSource } from 'typeorm';

const tails = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `write` after the writes already queued on the same SQLite DataSource: TypeORM's SQLite driver shares one
 * connection, on which two transactions of the same process would interleave. MySQL has a pool: no queue there.
 */
export function serialisedOnSqlite<T>(dataSource: DataSource, write: () => Promise<T>): Promise<T> {
  if (isMysql(dataSource)) return write();
  const previous = tails.get(dataSource) ?? Promise.resolve();
  const next = previous.then(write, write);
  tails.set(
    dataSource,
    next.catch(() => undefined),
  );
  return next;
}

/** MySQL or MariaDB (TypeORM names either), as opposed to SQLite. */
export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
}
