import type { DataSource } from 'typeorm';
import { openPricingDatabase } from './pricing-database';

type ForeignKey = { table: string; column: string };

/** Every foreign key column of the database: the columns a cascade, and a browse by parent, look rows up by. */
async function foreignKeyColumns(dataSource: DataSource): Promise<ForeignKey[]> {
  if (dataSource.options.type === 'better-sqlite3') {
    const tables = await dataSource.query<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    const keys: ForeignKey[] = [];
    for (const { name } of tables) {
      for (const key of await dataSource.query<{ from: string }[]>(`PRAGMA foreign_key_list("${name}")`)) {
        keys.push({ table: name, column: key.from });
      }
    }
    return keys;
  }
  return dataSource.query<ForeignKey[]>(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\` FROM information_schema.KEY_COLUMN_USAGE
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL`,
  );
}

/** Whether an index of `table` starts with `column` (only then can a lookup by that column use it). */
async function leadsAnIndex(dataSource: DataSource, { table, column }: ForeignKey): Promise<boolean> {
  if (dataSource.options.type === 'better-sqlite3') {
    for (const index of await dataSource.query<{ name: string }[]>(`PRAGMA index_list("${table}")`)) {
      const columns = await dataSource.query<{ name: string }[]>(`PRAGMA index_info("${index.name}")`);
      if (columns.length > 0 && columns[0].name === column) return true;
    }
    return false;
  }
  const rows = await dataSource.query<unknown[]>(
    `SELECT 1 FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ? AND SEQ_IN_INDEX = 1`,
    [table, column],
  );
  return rows.length > 0;
}

describe('The pricing schema', () => {
  let pricing: Awaited<ReturnType<typeof openPricingDatabase>>;

  beforeAll(async () => {
    pricing = await openPricingDatabase();
  });

  afterAll(async () => {
    await pricing.close();
  });

  // SQLite does not index a foreign key column by itself (InnoDB does): without one, deleting an import's rows
  // scanned elements_ouvrage once per section it cascaded to, and a re-import ran at 7 500 elements/s against
  // 96 000 for a first import, slower as the table grew; browsing a section's elements scanned the table too.
  it('indexes every foreign key column, so cascades and browsing by parent never scan a table', async () => {
    const keys = await foreignKeyColumns(pricing.dataSource);
    expect(keys.map((key) => `${key.table}.${key.column}`)).toEqual(
      expect.arrayContaining(['elements_ouvrage.id_section', 'sections.id_lot', 'lots.id_dpgf', 'dpgf.id_import']),
    );
    const unindexed: string[] = [];
    for (const key of keys)
      if (!(await leadsAnIndex(pricing.dataSource, key))) unindexed.push(`${key.table}.${key.column}`);
    expect(unindexed).toEqual([]);
  });
});
