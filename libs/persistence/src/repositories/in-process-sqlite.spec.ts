import { DataSource, QueryFailedError } from 'typeorm';
import { writeInProcess } from './in-process-sqlite';

describe('writeInProcess (SQLite)', () => {
  let dataSource: DataSource;
  const raw = (): { exec(sql: string): unknown; inTransaction: boolean } =>
    (dataSource.driver as unknown as { databaseConnection: { exec(sql: string): unknown; inTransaction: boolean } })
      .databaseConnection;
  const names = async (): Promise<string[]> =>
    (await dataSource.query<{ name: string }[]>('SELECT name FROM items ORDER BY name')).map((row) => row.name);

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.query('CREATE TABLE items (name TEXT PRIMARY KEY)');
  });
  afterEach(() => dataSource.destroy());

  it('writes every statement, reusing one prepared statement per text', async () => {
    const insert = 'INSERT INTO items (name) VALUES (?)';

    expect(
      writeInProcess(dataSource, [
        [insert, ['a']],
        [insert, ['b']],
      ]),
    ).toBe(true);
    expect(writeInProcess(dataSource, [[insert, ['c']]])).toBe(true);

    expect(await names()).toEqual(['a', 'b', 'c']);
    expect(raw().inTransaction).toBe(false);
  });

  it('rolls every statement back when one fails, and reports the failure as TypeORM would', async () => {
    const insert = 'INSERT INTO items (name) VALUES (?)';
    writeInProcess(dataSource, [[insert, ['taken']]]);

    let failure: unknown;
    try {
      writeInProcess(dataSource, [
        [insert, ['first']],
        [insert, ['taken']],
        [insert, ['last']],
      ]);
    } catch (error) {
      failure = error;
    }

    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect((failure as QueryFailedError).parameters).toEqual(['taken']);
    expect(await names()).toEqual(['taken']);
    expect(raw().inTransaction).toBe(false);
  });

  it('does nothing and says so while a transaction of this process is open on the connection', async () => {
    raw().exec('BEGIN');
    try {
      expect(writeInProcess(dataSource, [['INSERT INTO items (name) VALUES (?)', ['inside']]])).toBe(false);
    } finally {
      raw().exec('ROLLBACK');
    }
    expect(await names()).toEqual([]);
  });
});
