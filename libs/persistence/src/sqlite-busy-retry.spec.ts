import { retryWhileSqliteBusy } from './sqlite-busy-retry';

const busy = (code: string) => Object.assign(new Error('database is locked'), { code });

describe('retryWhileSqliteBusy', () => {
  it('opens again while SQLite says the database is locked, then gives what it opened', async () => {
    let calls = 0;
    const opened = await retryWhileSqliteBusy(
      () =>
        Promise.resolve().then(() => {
          calls += 1;
          if (calls === 1) throw busy('SQLITE_BUSY');
          if (calls === 2) throw busy('SQLITE_BUSY_RECOVERY');
          return 'database';
        }),
      8,
      () => 1,
    );
    expect(opened).toBe('database');
    expect(calls).toBe(3);
  });

  it('throws any other error at once, and a lock that stays once the attempts are spent', async () => {
    let calls = 0;
    const other = retryWhileSqliteBusy(() => {
      calls += 1;
      return Promise.reject(Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' }));
    });
    await expect(other).rejects.toThrow('no such table');
    expect(calls).toBe(1);

    calls = 0;
    const locked = retryWhileSqliteBusy(
      () => {
        calls += 1;
        return Promise.reject(busy('SQLITE_BUSY'));
      },
      3,
      () => 1,
    );
    await expect(locked).rejects.toThrow('database is locked');
    expect(calls).toBe(3);
  });
});
