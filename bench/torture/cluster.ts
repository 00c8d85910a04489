import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '@relais/config';
import type { DeploymentDefinition } from '@relais/contracts';
import { FlowRunRepository, openDatabase } from '@relais/persistence';
import { freePort } from '../../test/support/free-port';
import { RestartableMariaDb } from '../../test/support/mariadb-test-server';
import { TortureRedis } from './redis-server';
import { TortureProcess, type UnexpectedExit } from './torture-process';

export type TortureDb = 'sqlite' | 'mariadb';

/**
 * What every scenario of one run of the suite shares: a working directory and, on MariaDB, one server (each
 * scenario gets a database of its own on it; starting a server takes seconds).
 */
export class TortureSuite {
  private scenarios = 0;

  private constructor(
    readonly db: TortureDb,
    readonly workdir: string,
    private readonly mariadb: RestartableMariaDb | null,
  ) {}

  static async start(db: TortureDb, parent = process.env.RELAIS_TEST_TMP ?? tmpdir()): Promise<TortureSuite> {
    const workdir = await mkdtemp(join(parent, 'torture-'));
    const mariadb = db === 'mariadb' ? await RestartableMariaDb.start(workdir) : null;
    return new TortureSuite(db, workdir, mariadb);
  }

  /** A fresh database for one scenario, which the scenario can make unavailable and bring back. */
  async database(): Promise<ScenarioDatabase> {
    const index = ++this.scenarios;
    if (this.mariadb) {
      const server = this.mariadb;
      const name = `torture_${index}`;
      const admin = await createConnection(server.url);
      try {
        await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      } finally {
        await admin.end();
      }
      return {
        url: `${server.url}/${name}`,
        takeDown: () => server.stop(),
        bringBack: () => (server.isRunning() ? Promise.resolve() : server.restart()),
      };
    }
    const directory = join(this.workdir, `sqlite-${index}`);
    await mkdir(directory);
    const path = join(directory, 'relais.sqlite');
    let holder: Database.Database | null = null;
    return {
      url: `sqlite:${path}`,
      // SQLite has no server to lose: its outage is another process holding the write lock past the busy timeout.
      takeDown: () => {
        holder = new Database(path, { timeout: 30_000 });
        holder.exec('BEGIN IMMEDIATE');
        return Promise.resolve();
      },
      bringBack: () => {
        holder?.exec('ROLLBACK');
        holder?.close();
        holder = null;
        return Promise.resolve();
      },
    };
  }

  async close(): Promise<void> {
    await this.mariadb?.close();
    await rm(this.workdir, { recursive: true, force: true });
  }
}

/** A scenario's database: its URL, and the outage the database-down scenario stages. */
export interface ScenarioDatabase {
  url: string;
  takeDown(): Promise<void>;
  bringBack(): Promise<void>;
}

export interface ClusterSettings {
  workers: number;
  workerConcurrency: number;
  schedulers: number;
  /** Environment for every process, over the suite's defaults (lock duration, reconciler timing…). */
  env?: Record<string, string>;
  deployments?: DeploymentDefinition[];
}

/**
 * The platform of one scenario, on loopback: a Redis of its own, a database of its own, the gateway, workers and
 * scheduler replicas as processes, and the effects ledger. The suite's process reads the database to judge.
 */
export class Cluster {
  private dataSource: DataSource | null = null;
  readonly gatewayUrl: string;

  private constructor(
    readonly directory: string,
    readonly redis: TortureRedis,
    readonly database: ScenarioDatabase,
    readonly env: Record<string, string>,
    readonly gateway: TortureProcess,
    readonly workers: TortureProcess[],
    readonly schedulers: TortureProcess[],
  ) {
    this.gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  }

  static async start(suite: TortureSuite, name: string, settings: ClusterSettings): Promise<Cluster> {
    const directory = join(suite.workdir, name);
    await mkdir(directory, { recursive: true });
    const redis = await TortureRedis.start(join(directory, 'redis'));
    const database = await suite.database();
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `torture${randomBytes(3).toString('hex')}`,
      RELAIS_DATA_DIR: join(directory, 'data'),
      LOG_LEVEL: 'warn',
      TORTURE_LEDGER_DIR: join(directory, 'ledger'),
      TORTURE_DEPLOYMENTS: JSON.stringify(settings.deployments ?? []),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(await freePort()),
      RELAIS_ADMIN_TOKEN: `relais_admin_${randomBytes(16).toString('hex')}`,
      RATE_LIMIT_PER_MINUTE: '1000000',
      WORKER_CONCURRENCY: String(settings.workerConcurrency),
      SHUTDOWN_GRACE_MS: '2000',
      // The reconciler acts within seconds, not the minute of the defaults: a scenario must not wait for it.
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '5000',
      ...settings.env,
    };
    const gateway = new TortureProcess('gateway', 'bench/torture/processes/gateway.main.ts', env);
    const workers = Array.from(
      { length: settings.workers },
      (_, index) => new TortureProcess(`worker-${index + 1}`, 'bench/torture/processes/worker.main.ts', env),
    );
    const schedulers = Array.from(
      { length: settings.schedulers },
      (_, index) => new TortureProcess(`scheduler-${index + 1}`, 'bench/torture/processes/scheduler.main.ts', env),
    );
    const cluster = new Cluster(directory, redis, database, env, gateway, workers, schedulers);
    try {
      // All at once: the migrations are applied by whichever process gets there first, under a lock.
      await Promise.all(cluster.processes().map((process) => process.start()));
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  get token(): string {
    return this.env.RELAIS_ADMIN_TOKEN;
  }

  get ledgerDir(): string {
    return this.env.TORTURE_LEDGER_DIR;
  }

  processes(): TortureProcess[] {
    return [this.gateway, ...this.workers, ...this.schedulers];
  }

  /** Every exit of a process that the scenario did not cause. */
  crashes(): UnexpectedExit[] {
    return this.processes().flatMap((process) => process.crashes);
  }

  /** The runs recorded in the scenario's database (read from the suite's process). */
  async runs(): Promise<FlowRunRepository> {
    if (!this.dataSource) {
      this.dataSource = await openDatabase(parseDatabaseUrl(this.env.DATABASE_URL, this.env.RELAIS_DATA_DIR));
    }
    return new FlowRunRepository(this.dataSource);
  }

  async close(): Promise<void> {
    await Promise.all(this.processes().map((process) => process.stop(5000)));
    // TORTURE_LOGS=<directory>: what each process printed (its last 64 KB), to read after the run.
    const logs = process.env.TORTURE_LOGS;
    if (logs) {
      await mkdir(logs, { recursive: true });
      const scenario = basename(this.directory);
      for (const each of this.processes()) {
        await writeFile(join(logs, `${scenario}.${each.name}.log`), each.output());
      }
    }
    await this.database.bringBack().catch(() => undefined);
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    await this.redis.close();
  }
}
