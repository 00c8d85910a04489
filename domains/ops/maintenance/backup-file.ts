import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** How a backup was made: SQLite's online backup API, the server's dump tool, or Relais's own logical export. */
export type BackupMethod = 'sqlite-online-backup' | 'mariadb-dump' | 'mysqldump' | 'logical-export';

/** One backup written to the backup directory. */
export interface BackupFile {
  /** The file name (in BACKUP_DIR): what `ops.restore-backup` takes. */
  name: string;
  path: string;
  bytes: number;
  method: BackupMethod;
  /** Milliseconds the backup took, compression included. */
  durationMs: number;
}

/** Backup file names: `relais-<sqlite|mysql>-<UTC timestamp>.<sqlite|sql>.gz`; the timestamp sorts them. */
export const BACKUP_NAME = /^relais-(sqlite|mysql)-(\d{8}T\d{6}\d{3}Z)\.(sqlite|sql)\.gz$/;

/** The name of a backup taken at `now`. */
export function backupNameAt(kind: 'sqlite' | 'mysql', now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `relais-${kind}-${stamp}.${kind === 'sqlite' ? 'sqlite' : 'sql'}.gz`;
}

/** The backups in `directory`, oldest first (other files are never listed, nor touched). */
export async function listBackups(directory: string): Promise<{ name: string; bytes: number }[]> {
  const names = await readdir(directory).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] as string[];
    throw error;
  });
  const backups = names.filter((name) => BACKUP_NAME.test(name)).sort((a, b) => stampOf(a).localeCompare(stampOf(b)));
  return Promise.all(backups.map(async (name) => ({ name, bytes: (await stat(join(directory, name))).size })));
}

/** Deletes all but the newest `keep` backups; returns the names deleted. */
export async function pruneBackups(directory: string, keep: number): Promise<string[]> {
  const backups = await listBackups(directory);
  const doomed = backups.slice(0, Math.max(0, backups.length - keep)).map((backup) => backup.name);
  for (const name of doomed) await unlink(join(directory, name));
  return doomed;
}

/**
 * The path of backup `name` in `directory`, or null when `name` is not a backup's name: a flow parameter never
 * reaches outside the backup directory (`../relais.sqlite`, an absolute path).
 */
export function backupPath(directory: string, name: string): string | null {
  return basename(name) === name && BACKUP_NAME.test(name) ? join(directory, name) : null;
}

function stampOf(name: string): string {
  return BACKUP_NAME.exec(name)?.[2] ?? '';
}
