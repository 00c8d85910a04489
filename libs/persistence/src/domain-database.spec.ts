import { domainDatabaseOf } from './domain-database';

describe('domainDatabaseOf', () => {
  const sqlite = {
    database: { kind: 'sqlite' as const, path: '/srv/relais/data/relais.sqlite' },
    dataDir: '/srv/data',
  };
  const mysql = { database: { kind: 'mysql' as const, url: 'mysql://relais@db/relais' }, dataDir: '/srv/data' };

  it('unset on SQLite: a file of its own beside Relais’s, named after the domain', () => {
    expect(domainDatabaseOf('dpgf', undefined, sqlite)).toEqual({
      kind: 'sqlite',
      path: '/srv/relais/data/dpgf.sqlite',
    });
  });

  it('unset on MySQL: Relais’s own database', () => {
    expect(domainDatabaseOf('dpgf', null, mysql)).toEqual(mysql.database);
  });

  it('set: the database its URL names', () => {
    expect(domainDatabaseOf('dpgf', 'mysql://pricing@erp/prices', sqlite)).toEqual({
      kind: 'mysql',
      url: 'mysql://pricing@erp/prices',
    });
    expect(domainDatabaseOf('dpgf', 'sqlite:/srv/pricing.sqlite', sqlite)).toEqual({
      kind: 'sqlite',
      path: '/srv/pricing.sqlite',
    });
  });

  it('refuses Relais’s own SQLite file, naming the variable and saying why', () => {
    expect(() =>
      domainDatabaseOf('dpgf', 'sqlite:/srv/relais/data/../data/relais.sqlite', sqlite, 'DPGF_DATABASE_URL'),
    ).toThrow(/^DPGF_DATABASE_URL names Relais’s own SQLite file .*one writer per file/);
  });
});
