import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardedProcess } from './guarded-process';
import { startMariaDbServer } from './mariadb-test-server';
import { startRedisServer } from './redis-test-server';
import { testDbKind } from './test-db-kind';
import { setTestRunState, stopTestRun, type TestRunState } from './test-run-state';

/**
 * Starts the run's throw-away servers and hands their URLs to the tests through the environment, which the
 * test workers inherit: TEST_REDIS_URL always, TEST_MYSQL_URL when TEST_DB=mariadb. A URL already set in the
 * environment is used as it is (a developer's own Redis or MariaDB) and nothing is started for it.
 */
export default async function globalSetup(): Promise<void> {
  const dbKind = testDbKind();
  const root = await mkdtemp(join(tmpdir(), 'relais-test-'));
  const state: TestRunState = { processes: [GuardedProcess.janitor(root)], envSet: [] };
  setTestRunState(state);
  const setEnv = (name: string, value: string): void => {
    process.env[name] = value;
    state.envSet.push(name);
  };
  setEnv('RELAIS_TEST_TMP', root);

  const startedAt = Date.now();
  const timings: string[] = [];
  const starts: Promise<void>[] = [];
  if (!process.env.TEST_REDIS_URL) {
    starts.push(
      startRedisServer(root).then((server) => {
        state.processes.push(server.process);
        setEnv('TEST_REDIS_URL', server.url);
        timings.push(`redis ${server.url} in ${Date.now() - startedAt} ms`);
      }),
    );
  }
  if (dbKind === 'mariadb' && !process.env.TEST_MYSQL_URL) {
    starts.push(
      startMariaDbServer(root).then((server) => {
        state.processes.push(server.process);
        setEnv('TEST_MYSQL_URL', server.url);
        timings.push(`mariadb ${server.url} in ${Date.now() - startedAt} ms`);
      }),
    );
  }
  const failures = (await Promise.allSettled(starts)).filter(
    (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
  );
  if (failures.length > 0) {
    await stopTestRun(state);
    setTestRunState(undefined);
    throw failures[0].reason;
  }
  process.stderr.write(
    `\n[test servers] TEST_DB=${dbKind}; ${timings.join(', ') || 'using TEST_*_URL from the environment'}\n`,
  );
}
