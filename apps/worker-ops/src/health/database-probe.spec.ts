import { DataSource } from 'typeorm';
import { probeDatabase } from './database-probe';

describe('probeDatabase', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  it('reports a database answering SELECT 1 as up with its latency', async () => {
    await expect(probeDatabase(dataSource)).resolves.toEqual({
      state: 'up',
      type: 'better-sqlite3',
      latencyMs: expect.any(Number) as number,
    });
  });

  it('reports a destroyed connection as down without querying', async () => {
    await dataSource.destroy();

    await expect(probeDatabase(dataSource)).resolves.toMatchObject({
      state: 'down',
      error: expect.stringContaining('not initialised') as string,
    });
  });

  it('reports a failing query as down with the driver message', async () => {
    jest.spyOn(dataSource, 'query').mockRejectedValue(new Error('SQLITE_IOERR: disk I/O error'));

    await expect(probeDatabase(dataSource)).resolves.toMatchObject({
      state: 'down',
      error: 'SQLITE_IOERR: disk I/O error',
    });
  });

  it('reports a query that does not return in time as down', async () => {
    // Stands in for an exhausted MySQL pool: the query waits for a connection that never frees up.
    jest.spyOn(dataSource, 'query').mockReturnValue(new Promise<never>(() => undefined));

    await expect(probeDatabase(dataSource, { timeoutMs: 100 })).resolves.toMatchObject({
      state: 'down',
      error: 'Database SELECT 1: no answer within 100 ms',
    });
  });
});
