import { execFile } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
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
  /** The server's pid file (benchmarks read the server's CPU time through it). */
  pidFile: string;
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

/** mariadbd refuses to run as root unless told to, and CI runs as root. */
function asRootOptions(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

/**
 * `mariadbd` on `dataDir` and `port`, its socket and pid file in `directory` (removed when it exits); waits
 * until it accepts connections. Returns null if the port was taken meanwhile.
 */
async function launchServer(
  directory: string,
  dataDir: string,
  port: number,
  stopSignal: 'TERM' | 'KILL',
): Promise<GuardedProcess | null> {
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
      ...asRootOptions(),
      ...SERVER_OPTIONS,
    ],
    directory,
    stopSignal,
    env: SERVER_ENV,
  });
  const deadline = Date.now() + 30_000;
  while (server.isRunning() && Date.now() < deadline) {
    if (await acceptsRoot(port)) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await server.stop();
  if (/address already in use/i.test(server.output())) return null;
  throw new Error(`mariadbd did not accept connections on port ${port} within 30 s:\n${server.output()}`);
}

/** Initialises a data directory under `parent` and starts `mariadbd` on a free port of 127.0.0.1. */
export async function startMariaDbServer(parent: string): Promise<MariaDbTestServer> {
  for (let attempt = 1; ; attempt++) {
    const directory = await mkdtemp(join(parent, 'mariadb-'));
    const dataDir = join(directory, 'data');
    await initialiseDataDir(dataDir, asRootOptions());
    const port = await freePort();
    const server = await launchServer(directory, dataDir, port, 'KILL');
    if (server)
      return { url: `mysql://root@127.0.0.1:${port}`, process: server, pidFile: join(directory, 'mariadb.pid') };
    if (attempt >= 3) throw new Error(`mariadbd could not bind a free port in 3 tries`);
  }
}

/**
 * A MariaDB server that can be stopped and started again on the same port and data, for outage tests: clients
 * keep their URL and find it gone (connection refused), then back with everything it had committed.
 */
export class RestartableMariaDb {
  private server: GuardedProcess | null = null;
  private launches = 0;

  private constructor(
    private readonly directory: string,
    private readonly janitor: GuardedProcess,
    readonly port: number,
  ) {}

  /** Server URL without a database: `mysql://root@127.0.0.1:PORT`. */
  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  /** Initialises a data directory under `parent` and starts the server on a free port. */
  static async start(parent: string): Promise<RestartableMariaDb> {
    for (let attempt = 1; ; attempt++) {
      const directory = await mkdtemp(join(parent, 'mariadb-restartable-'));
      // The data outlives each server process; the janitor removes it when the test run ends (or dies).
      const janitor = GuardedProcess.janitor(directory);
      await initialiseDataDir(join(directory, 'data'), asRootOptions());
      const server = new RestartableMariaDb(directory, janitor, await freePort());
      if (await server.launch()) return server;
      await janitor.stop();
      if (attempt >= 3) throw new Error(`mariadbd could not bind a free port in 3 tries`);
    }
  }

  isRunning(): boolean {
    return this.server?.isRunning() ?? false;
  }

  /** Shuts the server down (SIGTERM: it closes every connection and flushes) and waits until it has exited. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.stop();
  }

  /** Starts it again on the same port and data; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.server) throw new Error('mariadbd is still running');
    if (!(await this.launch())) throw new Error(`port ${this.port} was taken while mariadbd was down`);
  }

  /** Stops the server and removes its data. */
  async close(): Promise<void> {
    await this.stop();
    await this.janitor.stop();
  }

  private async launch(): Promise<boolean> {
    const runDirectory = join(this.directory, `run-${++this.launches}`);
    await mkdir(runDirectory);
    this.server = await launchServer(runDirectory, join(this.directory, 'data'), this.port, 'TERM');
    return this.server !== null;
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
