import type { ObjectLiteral, Repository, ValueTransformer } from 'typeorm';

/** Keys per statement: far under SQLite's 32 766 and MySQL's 65 535 placeholders. */
const KEYS_PER_STATEMENT = 512;

/**
 * The entities whose `property` is one of `keys` (and, optionally, whose `also` properties equal the values
 * given), read with one plain `SELECT … WHERE col IN (…)` per 500 keys and hydrated from the entity's column
 * metadata (its transformers included), as TypeORM's find would. A worker reads every run it starts, and its
 * completed steps, this way: `find({ where: { id: In(ids) } })` re-scanned its whole parameter list for each key
 * and spent more CPU building the statement than the database spent answering it.
 *
 * On SQLite the key list is padded to a power of two (repeating its last key, which `IN` ignores): the driver keeps
 * each statement text it has prepared, and with a list of any length nearly every batch was a new text to prepare.
 */
export async function findByColumnIn<E extends ObjectLiteral>(
  repository: Repository<E>,
  property: keyof E & string,
  keys: readonly string[],
  also: Partial<Record<keyof E & string, string>> = {},
): Promise<E[]> {
  const metadata = repository.metadata;
  const driver = repository.manager.dataSource.driver;
  const columnOf = (name: string) => {
    const column = metadata.findColumnWithPropertyName(name);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${name}`);
    return driver.escape(column.databaseName);
  };
  const filters = Object.entries(also) as [string, string][];
  const select = `SELECT ${metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ')} FROM ${driver.escape(metadata.tableName)} WHERE `;
  const padded = repository.manager.dataSource.options.type === 'better-sqlite3';
  const found: E[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + KEYS_PER_STATEMENT);
    if (padded) padToPowerOfTwo(chunk);
    const conditions = [
      `${columnOf(property)} IN (${chunk.map(() => '?').join(', ')})`,
      ...filters.map(([name]) => `${columnOf(name)} = ?`),
    ];
    const rows = await repository.manager.query<Record<string, unknown>[]>(select + conditions.join(' AND '), [
      ...chunk,
      ...filters.map(([, value]) => value),
    ]);
    for (const row of rows) {
      const entity = metadata.create() as Record<string, unknown>;
      for (const column of metadata.columns) {
        const value = row[column.databaseName];
        entity[column.propertyName] = column.transformer
          ? ((column.transformer as ValueTransformer).from(value) as unknown)
          : value;
      }
      found.push(entity as E);
    }
  }
  return found;
}

/** Repeats the last key until the list's length is a power of two. */
function padToPowerOfTwo(keys: string[]): void {
  let size = 1;
  while (size < keys.length) size *= 2;
  const last = keys[keys.length - 1];
  while (keys.length < size) keys.push(last);
}
