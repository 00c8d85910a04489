import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './free-port';
import { GuardedProcess } from './guarded-process';

const execFileAsync = promisify(execFile);

/** Debian puts mariadbd in /usr/sbin, which is not on a non-root user's PATH. */
const SERVER_ENV = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin` };

/** A throw-away MariaDB server with a `root` user that has no password, reachable on 127.0.0.1. */
export interface MariaDbTestServer {
  /** Server URL without a database: `mysql://root@127.0.0.1:PORT`. */
  url: string;
  process: GuardedProcess;
}

/**
 * Durability is traded for speed (no fsync, no binary log, no doublewrite): the data dies with the run.
 * utf8mb4 as in production, so index-length limits and emoji behave as they will there.
 */
const SERVER_OPTIONS = [
  '--skip-name-resolve',
  '--skip-log-bin',
  '--performance-schema=OFF',
  '--innodb-flush-log-at-trx-commit=0',
  '--innodb-doublewrite=0',
  '--innodb-flush-method=nosync',
  '--innodb-buffer-pool-size=128M',
  '--innodb-log-file-size=16M',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
  '--max-connections=1000',
];

/** Initialises a data directory under `parent` and starts `mariadbd` on a free port of 127.0.0.1. */
export async function startMariaDbServer(parent: string): Promise<MariaDbTestServer> {
  // mariadbd refuses to run as root unless told to, and CI runs as root.
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  for (let attempt = 1; ; attempt++) {
    const directory = await mkdtemp(join(parent, 'mariadb-'));
    const dataDir = join(directory, 'data');
    await initialiseDataDir(dataDir, asRoot);
    const port = await freePort();
    const server = GuardedProcess.start({
      name: 'mariadbd',
      command: 'mariadbd',
      args: [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--socket=${join(directory, 'mariadb.sock')}`,
        `--pid-file=${join(directory, 'mariadb.pid')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        ...asRoot,
        ...SERVER_OPTIONS,
      ],
      directory,
      stopSignal: 'KILL',
      env: SERVER_ENV,
    });
    const deadline = Date.now() + 30_000;
    while (server.isRunning() && Date.now() < deadline) {
      if (await acceptsRoot(port)) return { url: `mysql://root@127.0.0.1:${port}`, process: server };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await server.stop();
    if (/address already in use/i.test(server.output()) && attempt < 3) continue;
    throw new Error(`mariadbd did not accept connections on port ${port} within 30 s:\n${server.output()}`);
  }
}

async function initialiseDataDir(dataDir: string, asRoot: string[]): Promise<void> {
  try {
    await execFileAsync(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
        '--innodb-log-file-size=16M',
        ...asRoot,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: SERVER_ENV },
    );
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `mariadb-install-db failed. Is MariaDB installed (apt-get install mariadb-server-core mariadb-client-core)?\n` +
        `${(error as Error).message}\n${stdout}\n${stderr}`,
    );
  }
}

async function acceptsRoot(port: number): Promise<boolean> {
  try {
    const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
    try {
      await connection.query('SELECT 1');
      return true;
    } finally {
      await connection.end();
    }
  } catch (error) {
    if (isNotUpYet(error)) return false;
    throw error;
  }
}

/** Errors that mean "still starting"; anything else (say, access denied) will not go away by waiting. */
function isNotUpYet(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN'].includes(code);
}
