import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { RunState } from '@relais/contracts';
import { DatabaseBackups } from '@relais/domains/ops/persistence/database-backups';
import { mysqlServerOf } from '@relais/domains/ops/persistence/mysql-dump-tool';
import { FlowRunEntity, RunLogEntity } from '@relais/persistence';
import { aFlowRun } from '../support/flow-run.fixture';
import { useMigratedDatabase } from '../support/migrated-database';
import { testDbKind, testTempDir } from '../support/test-env';

/**
 * Every backup method restores what it backed up, byte for byte, including the values a line-based format gets
 * wrong: newlines, quotes, backslashes, NUL, non-BMP characters, JSON. On MariaDB both ways are exercised: the dump
 * tool (mariadb-dump, restored by the mariadb client) and Relais's logical export (when no dump tool is on PATH).
 */
describe('database backups restore what they saved', () => {
  const database = useMigratedDatabase();
  const restoredDatabases: string[] = [];
  const awkward = [
    'two\nlines\r\nand a tab\there',
    `quotes ' " \` and a backslash \\ and \\n literally`,
    'NUL \u0000 inside',
    'émoji 🧪 and 漢字',
    "'; DROP TABLE flow_runs; --",
  ];
  let runId: string;
  let databaseUrl: string;

  beforeAll(async () => {
    const run = aFlowRun({
      state: RunState.FAILED,
      parameters: { note: awkward.join('|'), nested: { list: [1, 'two', null] } },
      error: awkward[0],
    });
    runId = run.id;
    databaseUrl = database.testDatabase.url;
    await database.dataSource.getRepository(FlowRunEntity).save(run);
    await database.dataSource
      .getRepository(RunLogEntity)
      .insert(
        awkward.map((message, index) => ({ runId, level: 'info' as const, message, step: null, createdAt: index })),
      );
  });

  afterAll(async () => {
    if (restoredDatabases.length === 0) return;
    const server = mysqlServerOf(databaseUrl);
    const connection = await createConnection({ ...server, database: undefined });
    for (const name of restoredDatabases) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.end();
  });

  /** The run's log messages and its row as the restored copy has them. */
  async function readRestored(target: string, directory: string): Promise<{ messages: string[]; error: string }> {
    if (testDbKind() === 'sqlite') {
      const restored = new Database(join(directory, 'restored', `${target}.sqlite`), { readonly: true });
      try {
        const messages = restored
          .prepare('SELECT message FROM run_logs WHERE run_id = ? ORDER BY created_at')
          .pluck()
          .all(runId) as string[];
        const error = restored.prepare('SELECT error FROM flow_runs WHERE id = ?').pluck().get(runId) as string;
        return { messages, error };
      } finally {
        restored.close();
      }
    }
    const server = mysqlServerOf(database.testDatabase.url);
    const connection = await createConnection({ ...server, database: target, charset: 'utf8mb4' });
    try {
      const [logs] = await connection.query('SELECT message FROM run_logs WHERE run_id = ? ORDER BY created_at', [
        runId,
      ]);
      const [runs] = await connection.query('SELECT error FROM flow_runs WHERE id = ?', [runId]);
      return {
        messages: (logs as { message: string }[]).map((row) => row.message),
        error: (runs as { error: string }[])[0].error,
      };
    } finally {
      await connection.end();
    }
  }

  async function backUpAndRestore(
    path: string,
  ): Promise<{ method: string; restoredWith: string; target: string; directory: string }> {
    const directory = await testTempDir('backups-');
    const backups = new DatabaseBackups(database.dataSource);
    const saved = process.env.PATH;
    process.env.PATH = path;
    try {
      const backup = await backups.backup(directory, new Date());
      const target = `relais_restored_${randomUUID().slice(0, 8)}`;
      if (testDbKind() === 'mariadb') restoredDatabases.push(target);
      const outcome = await backups.restore(directory, backup.name, target);
      expect(outcome.tables.run_logs).toBe(awkward.length);
      return { method: backup.method, restoredWith: outcome.method, target, directory };
    } finally {
      process.env.PATH = saved;
    }
  }

  it("with the tools on PATH: the database's own way, restored intact", async () => {
    const { method, restoredWith, target, directory } = await backUpAndRestore(process.env.PATH ?? '');
    expect([method, restoredWith]).toEqual(
      testDbKind() === 'sqlite' ? ['sqlite-online-backup', 'sqlite-file'] : ['mariadb-dump', 'mysql-client'],
    );
    expect(await readRestored(target, directory)).toEqual({ messages: awkward, error: awkward[0] });
  });

  it('with no dump tool on PATH: the logical export (MariaDB), restored intact', async () => {
    const { method, restoredWith, target, directory } = await backUpAndRestore('');
    expect([method, restoredWith]).toEqual(
      testDbKind() === 'sqlite' ? ['sqlite-online-backup', 'sqlite-file'] : ['logical-export', 'logical-export'],
    );
    expect(await readRestored(target, directory)).toEqual({ messages: awkward, error: awkward[0] });
  });
});
