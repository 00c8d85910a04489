import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { DeploymentDefinition } from '@relais/contracts';
import { testConfig, testTempDir, waitFor, type TestConfig } from '../support/test-env';
import { closeAfterFailedInit, compileScheduler, deploymentRowsOf } from './scheduler-harness';
import { NOOP_FLOW } from './schedule-test-flows';

/*
 * Issue 16, item 1: with another process writing to the SQLite file, the scheduler's start failed with
 * `database is locked` (the catalogue sync read, then wrote, in a deferred transaction: SQLite cannot upgrade a
 * read snapshot another writer has moved past, whatever the busy timeout). SQLite on purpose, whatever TEST_DB.
 */

const STARTS = 10;

const DEFINITIONS: DeploymentDefinition[] = Array.from({ length: 5 }, (_, index) => ({
  name: `busy-${index}`,
  flow: NOOP_FLOW.name,
  description: 'Synced while another process writes',
  parameters: {},
  schedule: { everyMs: 3_600_000 },
  tags: ['test'],
}));

/** Commits as fast as it can, each write waiting for the lock as any Relais process would (busy_timeout). */
const HAMMER_SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 10000 });
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS hammer (id INTEGER PRIMARY KEY, at INTEGER)');
const insert = db.prepare('INSERT INTO hammer (at) VALUES (?)');
const touch = db.prepare("UPDATE deployments SET updated_at = ? WHERE name = 'busy-0'");
let count = 0;
setInterval(() => process.stdout.write(count + '\\n'), 200);
(function loop() {
  for (let i = 0; i < 50; i++) { insert.run(Date.now()); touch.run(Date.now()); count++; }
  setImmediate(loop);
})();
`;

describe('Scheduler start-up on a busy SQLite database', () => {
  let setup: TestConfig | undefined;
  let hammer: ChildProcess | undefined;
  let written = 0;

  beforeAll(async () => {
    const directory = await testTempDir('busy-sqlite-');
    setup = await testConfig({ DATABASE_URL: `sqlite:${join(directory, 'relais.sqlite')}` });
    // A first start migrates the database and creates the deployments.
    const { config } = setup;
    const first = await compileScheduler(config, DEFINITIONS);
    await first.init();
    await first.close();
    const databasePath = (config.database as { path: string }).path;
    hammer = spawn(process.execPath, ['-e', HAMMER_SCRIPT, databasePath], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    hammer.stdout?.setEncoding('utf8');
    hammer.stdout?.on('data', (chunk: string) => {
      const last = chunk.trim().split('\n').pop();
      if (last) written = Number(last);
    });
    await waitFor(() => written > 1000, { timeoutMs: 15_000, message: 'the writer to get going' });
  });

  afterAll(async () => {
    hammer?.kill('SIGKILL');
    await setup?.cleanup();
  });

  it(`starts ${STARTS} times out of ${STARTS} while another process commits continuously`, async () => {
    if (!setup) throw new Error('set up in beforeAll');
    const { config } = setup;
    const failures: string[] = [];
    for (let start = 0; start < STARTS; start++) {
      const writtenBefore = written;
      const scheduler = await compileScheduler(config, DEFINITIONS);
      try {
        await scheduler.init();
        expect((await deploymentRowsOf(scheduler).findAll()).filter((row) => row.inCatalogue)).toHaveLength(5);
        await scheduler.close();
      } catch (error) {
        failures.push(String(error));
        await closeAfterFailedInit(scheduler);
      }
      // The writer really was writing during this start.
      await waitFor(() => written > writtenBefore, { timeoutMs: 5_000, message: 'the writer to commit' });
    }
    expect(hammer?.exitCode).toBeNull();
    expect(failures).toEqual([]);
  }, 180_000);
});
