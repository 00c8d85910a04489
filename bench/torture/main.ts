/*
 * The torture suite (`npm run torture`): the platform on loopback (gateway, workers, scheduler replicas, Redis,
 * SQLite or MariaDB) under one fault per scenario, with runs of a five-step flow whose steps leave their effects
 * in a ledger outside the Relais database. Prints one table: for each scenario, the runs accepted, completed,
 * lost, stuck, ended FAILED/CRASHED by the faults, and the step bodies that ran twice (those whose worker died
 * inside the step-record window counted apart). docs/torture.md publishes a run of it.
 *
 * Settings: TORTURE_DB (sqlite, mariadb, or both: the default), TORTURE_SIZE (full, the default, or short: the
 * CI's sizes), TORTURE_SCENARIOS (comma-separated names; all by default). Exit code 1 if any scenario lost,
 * left stuck, failed or ran twice anything outside the window, or broke another promise (a 500, a crash).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { cpus } from 'node:os';
import { buildTortureProcesses } from './build';
import { TortureSuite, type TortureDb } from './cluster';
import { FULL, SCENARIOS, SHORT } from './scenarios';
import { tableOf } from './table';
import type { ScenarioResult } from './verdict';

async function main(): Promise<void> {
  // The suite's own reads of the database log nothing worth reading.
  Logger.overrideLogger(['error']);
  const dbs = (process.env.TORTURE_DB ?? 'both') === 'both' ? ['sqlite', 'mariadb'] : [process.env.TORTURE_DB];
  for (const db of dbs) if (db !== 'sqlite' && db !== 'mariadb') throw new Error(`TORTURE_DB: unknown ${db}`);
  const size = process.env.TORTURE_SIZE === 'short' ? SHORT : FULL;
  const wanted = (process.env.TORTURE_SCENARIOS ?? '').split(',').filter(Boolean);
  const scenarios = SCENARIOS.filter((scenario) => wanted.length === 0 || wanted.includes(scenario.name));
  if (scenarios.length === 0) throw new Error(`TORTURE_SCENARIOS: none of ${SCENARIOS.map((s) => s.name).join(', ')}`);

  const built = Date.now();
  const files = buildTortureProcesses();
  log(`Processes transpiled (${files} files changed) in ${((Date.now() - built) / 1000).toFixed(1)} s`);
  log(`Torture suite, ${size.name} size, on ${dbs.join(' and ')}; ${cpus().length} CPUs, Node ${process.version}`);

  const results: { db: TortureDb; result: ScenarioResult }[] = [];
  for (const db of dbs as TortureDb[]) {
    const suite = await TortureSuite.start(db);
    try {
      for (const scenario of scenarios) {
        log(`${db} · ${scenario.name}: ${scenario.fault}`);
        const result = await scenario.run(suite, size);
        results.push({ db, result });
        log(
          `  ${result.accepted} accepted, ${result.completed} completed, ${result.lost} lost, ${result.stuck} stuck, ` +
            `${result.failedByInfra} failed, ${result.duplicated} duplicated, ${result.duplicatedInWindow} in window; ` +
            `window ${result.window ? `p99 ${result.window.p99} ms, max ${result.window.max} ms` : 'not measured'} ` +
            `(${(result.durationMs / 1000).toFixed(0)} s)`,
        );
        for (const problem of result.problems) log(`  ! ${problem}`);
      }
    } finally {
      await suite.close();
    }
  }
  process.stdout.write(`\n${tableOf(results)}\n`);
  const failed = results.filter(({ result }) => isFailure(result));
  process.exitCode = failed.length > 0 ? 1 : 0;
}

function isFailure(result: ScenarioResult): boolean {
  return result.lost + result.stuck + result.failedByInfra + result.duplicated + result.problems.length > 0;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `torture suite failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
