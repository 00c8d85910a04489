import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { escape, escapeId } from 'mysql2';
import type { DataSource } from 'typeorm';

/** First line of every logical export: restore checks it before running anything. */
export const LOGICAL_EXPORT_HEADER = '-- relais logical export v1';
const ROWS_PER_INSERT = 200;

/**
 * Writes every table of the database as SQL, one statement per line (CREATE TABLE, then INSERTs of 200 rows),
 * inside one consistent snapshot (REPEATABLE READ, START TRANSACTION WITH CONSISTENT SNAPSHOT): what
 * mariadb-dump --single-transaction gives, for hosts where the dump tool is not installed. Rows are streamed, so
 * a large table never sits in memory. Returns the number of rows per table.
 */
export async function exportMysqlDatabase(
  dataSource: DataSource,
  target: string,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const out = createWriteStream(target, { flags: 'wx' });
  const write = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  const runner = dataSource.createQueryRunner();
  const counts: Record<string, number> = {};
  try {
    await runner.connect();
    await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
    await write(LOGICAL_EXPORT_HEADER);
    await write('SET FOREIGN_KEY_CHECKS=0;');
    const tables = ((await runner.query('SHOW FULL TABLES')) as Record<string, string>[])
      .filter((row) => Object.values(row)[1] === 'BASE TABLE')
      .map((row) => Object.values(row)[0]);
    for (const table of tables) {
      signal?.throwIfAborted();
      const [created] = (await runner.query(`SHOW CREATE TABLE ${escapeId(table)}`)) as Record<string, string>[];
      // One line per statement: restore reads line by line. SHOW CREATE TABLE's newlines are only layout.
      await write(`${created['Create Table'].replace(/\s*\n\s*/g, ' ')};`);
      counts[table] = await exportRows(await runner.stream(`SELECT * FROM ${escapeId(table)}`), table, write, signal);
    }
    await write('SET FOREIGN_KEY_CHECKS=1;');
    await runner.query('COMMIT');
  } finally {
    await runner.release();
    out.end();
    await once(out, 'close');
  }
  return counts;
}

async function exportRows(
  rows: AsyncIterable<unknown>,
  table: string,
  write: (line: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const columns = Object.keys(batch[0]).map((column) => escapeId(column));
    const values = batch.map(
      (row) =>
        `(${Object.values(row)
          .map((value) => escape(value as Parameters<typeof escape>[0]))
          .join(',')})`,
    );
    await write(`INSERT INTO ${escapeId(table)} (${columns.join(',')}) VALUES ${values.join(',')};`);
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row as Record<string, unknown>);
    count += 1;
    if (batch.length >= ROWS_PER_INSERT) {
      signal?.throwIfAborted();
      await flush();
    }
  }
  await flush();
  return count;
}
