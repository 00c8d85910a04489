import { Logger } from '@nestjs/common';
import { buildTortureProcesses } from '../../bench/torture/build';
import { TortureSuite } from '../../bench/torture/cluster';
import { SCENARIOS, SHORT } from '../../bench/torture/scenarios';
import type { ScenarioResult } from '../../bench/torture/verdict';
import { testDbKind } from '../support/test-env';

/*
 * The torture suite (`npm run torture`, docs/torture.md) at the CI's size: every scenario, tens of runs and a few
 * seconds of faults each, on the database CI runs this file on (all of them apply to both: SQLite's outage is its
 * write lock held by another process). A scenario fails on any run lost, left stuck or ended FAILED/CRASHED by the
 * faults, any step run twice other than by a worker killed inside the step-record window, and any other broken
 * promise (a launch answered 500, a 503 without Retry-After, a process that crashed, a schedule slot missed).
 */

describe(`Torture suite, short (${testDbKind()})`, () => {
  let suite: TortureSuite;

  beforeAll(async () => {
    // The suite's own reads of the database log nothing worth reading.
    Logger.overrideLogger(['error']);
    buildTortureProcesses();
    suite = await TortureSuite.start(testDbKind());
  }, 180_000);

  afterAll(async () => {
    Logger.overrideLogger(true);
    await suite.close();
  }, 60_000);

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    '%s: nothing lost, stuck, failed or run twice',
    async (_name, scenario) => {
      const result = await scenario.run(suite, SHORT);
      expect(result.accepted).toBeGreaterThan(0);
      expect(verdictOf(result)).toEqual({ lost: 0, stuck: 0, failedByInfra: 0, duplicated: 0, problems: [] });
      expect(result.completed).toBe(result.accepted);
    },
    240_000,
  );
});

function verdictOf(result: ScenarioResult): Partial<ScenarioResult> {
  const { lost, stuck, failedByInfra, duplicated, problems } = result;
  return { lost, stuck, failedByInfra, duplicated, problems };
}
