import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { RelaisConfig } from '@relais/config';
import { aFlowRun } from '../../../test/support/flow-run.fixture';
import { testDatabase, type TestDatabase } from '../../../test/support/test-env';
import { openDatabase } from './data-source.factory';
import { FlowRunEntity } from './entities';
import { PLATFORM_MIGRATIONS as MIGRATIONS } from './migrations';
import { FlowRunRepository } from './repositories/flow-run.repository';

/** Every index the platform migration creates, by table; `true` marks a unique one. */
const PLATFORM_INDEXES: Record<string, Record<string, boolean>> = {
  flow_runs: {
    idx_flow_runs_created: false,
    idx_flow_runs_state_created: false,
    idx_flow_runs_flow_created: false,
    idx_flow_runs_deployment_created: false,
    idx_flow_runs_parent: false,
    uq_flow_runs_idempotency_key: true,
  },
  step_runs: {},
  run_logs: { idx_run_logs_run: false },
  deployments: {},
  artifacts: { idx_artifacts_run: false, idx_artifacts_key_created: false },
};

describe('openDatabase', () => {
  let database: TestDatabase;
  const opened: DataSource[] = [];
  const open = async (): Promise<DataSource> => {
    const dataSource = await openDatabase(database.database);
    opened.push(dataSource);
    return dataSource;
  };

  beforeEach(async () => {
    database = await testDatabase();
  });

  afterEach(async () => {
    for (const dataSource of opened.splice(0)) if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  it('applies every migration to a fresh database: the platform tables and their indexes exist', async () => {
    const dataSource = await open();

    expect(await dataSource.showMigrations()).toBe(false);
    expect(await appliedMigrations(dataSource)).toEqual(MIGRATIONS.map((migration) => migration.name));
    const tables = await tableNames(dataSource);
    for (const table of Object.keys(PLATFORM_INDEXES)) expect(tables).toContain(table);
    for (const [table, indexes] of Object.entries(PLATFORM_INDEXES)) {
      const actual = await indexesOf(dataSource, table);
      for (const [name, unique] of Object.entries(indexes))
        expect({ table, name, unique: actual[name] }).toEqual({ table, name, unique });
    }
  });

  it('opening a migrated database again changes nothing and keeps its rows', async () => {
    const first = await open();
    const run = aFlowRun();
    await new FlowRunRepository(first).insert(run);
    await first.destroy();

    const second = await open();
    expect(await appliedMigrations(second)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(await second.getRepository(FlowRunEntity).findOneBy({ id: run.id })).toEqual(run);
  });

  it('two processes opening a fresh database at the same time both succeed, and migrate it once', async () => {
    const [first, second] = await Promise.all([open(), open()]);

    expect(first.isInitialized && second.isInitialized).toBe(true);
    expect(await appliedMigrations(first)).toEqual(MIGRATIONS.map((migration) => migration.name));
    const run = aFlowRun();
    await new FlowRunRepository(first).insert(run);
    expect(await second.getRepository(FlowRunEntity).findOneBy({ id: run.id })).toEqual(run);
  });

  it('several processes starting together on a fresh database all open it', async () => {
    const openers = Array.from({ length: 3 }, () => startOpener(database.database));
    // Every process has loaded its code before any opens the database, so that the migrations really race.
    await Promise.all(openers.map((opener) => opener.ready));
    for (const opener of openers) opener.go();
    const outcomes = await Promise.all(openers.map((opener) => opener.done));

    expect(outcomes).toEqual(openers.map(() => ({ code: 0, output: expect.any(String) as string })));
    expect(await appliedMigrations(await open())).toEqual(MIGRATIONS.map((migration) => migration.name));
  });
});

const REPO_ROOT = resolve(__dirname, '../../..');

/** A separate Node process that calls openDatabase() when told to, as an app does at start. */
function startOpener(database: RelaisConfig['database']): {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ code: number | null; output: string }>;
} {
  const script = `
    const { openDatabase } = require('./libs/persistence/src/data-source.factory');
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      openDatabase(JSON.parse(process.env.OPENER_DATABASE)).then(
        (dataSource) => dataSource.destroy(),
        (error) => { console.error(error); process.exitCode = 1; },
      ).finally(() => process.stdin.destroy());
    });`;
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
    { cwd: REPO_ROOT, env: { ...process.env, OPENER_DATABASE: JSON.stringify(database) } },
  );
  let output = '';
  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolveReady) => (announceReady = resolveReady));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready')) announceReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolveDone) =>
    child.on('exit', (code) => {
      announceReady();
      resolveDone({ code, output });
    }),
  );
  return { ready, go: () => child.stdin.write('go\n'), done };
}

async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations ORDER BY timestamp, id');
  return rows.map((row) => row.name);
}

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'mysql'
      ? await dataSource.query(
          'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
        )
      : await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((row) => row.name);
}

/** Index name → unique, as the database itself reports them. */
async function indexesOf(dataSource: DataSource, table: string): Promise<Record<string, boolean>> {
  if (dataSource.options.type === 'mysql') {
    const rows: { name: string; nonUnique: number | string }[] = await dataSource.query(
      'SELECT DISTINCT INDEX_NAME AS name, NON_UNIQUE AS nonUnique FROM information_schema.STATISTICS ' +
        'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.nonUnique) === 0]));
  }
  const rows: { name: string; unique: number }[] = await dataSource.query(`PRAGMA index_list("${table}")`);
  return Object.fromEntries(rows.map((row) => [row.name, row.unique === 1]));
}
