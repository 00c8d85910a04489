import { outageOf } from './outage';

function withCode(message: string, code: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('outageOf', () => {
  it('names Redis for what ioredis throws when it cannot send a command', () => {
    expect(outageOf(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('redis');
    expect(
      outageOf(
        Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      ),
    ).toBe('redis');
    expect(outageOf(new Error('Connection is closed.'))).toBe('redis');
  });

  it('names the database for TypeORM and driver errors of an unreachable or busy server', () => {
    const refused = withCode('connect ECONNREFUSED 127.0.0.1:3306', 'ECONNREFUSED', { fatal: true });
    expect(outageOf(refused)).toBe('database');
    const lost = Object.assign(new Error('Query failed'), {
      driverError: withCode('lost', 'PROTOCOL_CONNECTION_LOST'),
    });
    expect(outageOf(lost)).toBe('database');
    const locked = Object.assign(new Error('SqliteError: database is locked'), {
      driverError: withCode('database is locked', 'SQLITE_BUSY'),
    });
    expect(outageOf(locked)).toBe('database');
    expect(outageOf(withCode('Too many connections', 'ER_CON_COUNT_ERROR'))).toBe('database');
    expect(outageOf(withCode('database or disk is full', 'SQLITE_FULL'))).toBe('database');
    expect(outageOf(withCode('disk I/O error', 'SQLITE_IOERR_WRITE'))).toBe('database');
    expect(outageOf(withCode('attempt to write a readonly database', 'SQLITE_READONLY'))).toBe('database');
  });

  it('leaves every other error alone (a bug stays a 500)', () => {
    expect(outageOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(outageOf(withCode('Duplicate entry', 'ER_DUP_ENTRY'))).toBeUndefined();
    expect(outageOf(withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(outageOf(withCode('no such table: flow_runs', 'SQLITE_ERROR'))).toBeUndefined();
    expect(outageOf(withCode('not a code we know', 'SQLITE_BUSYNESS'))).toBeUndefined();
    expect(outageOf('a string')).toBeUndefined();
    expect(outageOf(undefined)).toBeUndefined();
  });
});
