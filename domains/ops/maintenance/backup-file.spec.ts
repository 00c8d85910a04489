import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupNameAt, backupPath, pruneBackups } from './backup-file';

describe('backup files', () => {
  it('are named by kind and UTC time, so names sort by age', () => {
    expect(backupNameAt('sqlite', new Date(Date.UTC(2026, 11, 3, 3, 0, 0, 7)))).toBe(
      'relais-sqlite-20261203T030000007Z.sqlite.gz',
    );
    expect(backupNameAt('mysql', new Date(Date.UTC(2026, 0, 1)))).toBe('relais-mysql-20260101T000000000Z.sql.gz');
  });

  it('resolve only names of backups inside the directory', () => {
    expect(backupPath('/srv/backups', 'relais-sqlite-20261203T030000007Z.sqlite.gz')).toBe(
      '/srv/backups/relais-sqlite-20261203T030000007Z.sqlite.gz',
    );
    for (const name of ['../relais.sqlite', '/etc/passwd', 'sub/relais-sqlite-20261203T030000007Z.sqlite.gz', 'x.gz']) {
      expect(backupPath('/srv/backups', name)).toBeNull();
    }
  });

  it('keep the newest N and never touch other files', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'backups-'));
    try {
      const names = [1, 2, 3, 4].map((day) => backupNameAt('sqlite', new Date(Date.UTC(2026, 0, day))));
      for (const name of [...names, 'notes.txt']) await writeFile(join(directory, name), 'x');
      expect(await pruneBackups(directory, 2)).toEqual(names.slice(0, 2));
      expect((await readdir(directory)).sort()).toEqual([...names.slice(2), 'notes.txt'].sort());
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
