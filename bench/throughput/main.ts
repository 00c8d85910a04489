/*
 * Throughput benchmark: raw BullMQ against Relais on the same Redis, in one run, so the ratio is meaningful on
 * any machine. Run with `npm run bench:throughput`. Settings: BENCH_RUNS (default 5000), BENCH_CONCURRENCY (50),
 * REDIS_URL (default: a throw-away redis-server), BENCH_MYSQL_URL (default: a throw-away MariaDB when mariadbd
 * is installed; BENCH_SKIP_MARIADB=1 to skip; BENCH_SKIP_SQLITE=1 skips SQLite).
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { startMariaDbServer, type MariaDbTestServer } from '../../test/support/mariadb-test-server';
import { startRedisServer, type RedisTestServer } from '../../test/support/redis-test-server';
import { rawBullmqLatency, rawBullmqThroughput } from './raw-bullmq.bench';
import type { CpuPerJob } from './cpu-meter';
import { relaisBench, type RelaisResult } from './relais.bench';
import { fmt } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const LATENCY_RUNS = 300;
const LATENCY_RATE = 100;

function hasMariaDb(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mariadbd || test -x /usr/sbin/mariadbd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // Not installed: the MariaDB scenario is skipped, said so in the output.
  }
}

async function main(): Promise<void> {
  const workdir = await mkdtemp(join(tmpdir(), 'relais-bench-'));
  let redis: RedisTestServer | undefined;
  let mariadb: MariaDbTestServer | undefined;
  try {
    if (!process.env.REDIS_URL) redis = await startRedisServer(workdir);
    const redisUrl = process.env.REDIS_URL ?? (redis as RedisTestServer).url;
    console.log(`Relais throughput benchmark: ${RUNS} no-op runs, concurrency ${CONCURRENCY}, Redis ${redisUrl}\n`);

    const scenarios: { name: string; databaseUrl: string; databasePidFile?: string }[] = [];
    if (!process.env.BENCH_SKIP_SQLITE) {
      scenarios.push({ name: 'SQLite', databaseUrl: `sqlite:${join(workdir, 'bench.sqlite')}` });
    }
    let mysqlServer = process.env.BENCH_MYSQL_URL;
    if (!mysqlServer && !process.env.BENCH_SKIP_MARIADB && hasMariaDb()) {
      mariadb = await startMariaDbServer(workdir);
      mysqlServer = mariadb.url;
    }
    if (mysqlServer) {
      const connection = await createConnection(mysqlServer);
      await connection.query('CREATE DATABASE IF NOT EXISTS relais_bench');
      await connection.end();
      scenarios.push({
        name: 'MariaDB',
        databaseUrl: `${mysqlServer.replace(/\/+$/, '')}/relais_bench`,
        databasePidFile: mariadb?.pidFile,
      });
    } else {
      console.log('MariaDB not available: skipped (install mariadb-server or set BENCH_MYSQL_URL)\n');
    }

    // Each Relais scenario is bracketed by raw BullMQ runs and compared with their mean: this machine's speed
    // drifts by tens of per cent within a minute, and a baseline taken far from the scenario would measure that.
    await rawBullmqThroughput(redisUrl, 1000, CONCURRENCY); // warm-up, as Relais gets one: JIT, connections
    const rawLatency = await rawBullmqLatency(redisUrl, LATENCY_RUNS, LATENCY_RATE);
    const raws = [await rawBullmqThroughput(redisUrl, RUNS, CONCURRENCY)];
    const rate = (raw: { jobsPerSecond: number }): number => raw.jobsPerSecond;
    const results: { name: string; result: RelaisResult; baseline: number }[] = [];
    for (const scenario of scenarios) {
      const result = await relaisBench(
        { DATABASE_URL: scenario.databaseUrl, REDIS_URL: redisUrl, RELAIS_DATA_DIR: workdir },
        RUNS,
        CONCURRENCY,
        LATENCY_RUNS,
        LATENCY_RATE,
        scenario.databasePidFile,
      );
      raws.push(await rawBullmqThroughput(redisUrl, RUNS, CONCURRENCY));
      results.push({
        name: scenario.name,
        result,
        baseline: (rate(raws[raws.length - 2]) + rate(raws[raws.length - 1])) / 2,
      });
    }

    console.log(`raw BullMQ runs (between scenarios): ${raws.map((raw) => fmt(rate(raw), 0)).join(' / ')} jobs/s\n`);
    console.log('scenario          runs/s  baseline   ratio   enqueue→start p50/p99 ms   ctx.step p50/p99 ms');
    console.log(
      `raw BullMQ    ${fmt(raws.reduce((sum, raw) => sum + rate(raw), 0) / raws.length, 0).padStart(10)}         -       -   ` +
        `${fmt(rawLatency.latencyP50Ms, 1).padStart(8)} / ${fmt(rawLatency.latencyP99Ms, 1).padEnd(8)}   -`,
    );
    for (const { name, result, baseline } of results) {
      console.log(
        `Relais ${name.padEnd(6)} ${fmt(result.runsPerSecond, 0).padStart(10)} ${fmt(baseline, 0).padStart(9)}    ` +
          `${fmt(result.runsPerSecond / baseline)}   ${fmt(result.latencyP50Ms, 1).padStart(8)} / ${fmt(result.latencyP99Ms, 1).padEnd(8)}   ` +
          `${fmt(result.stepP50Ms, 4)} / ${fmt(result.stepP99Ms, 4)}`,
      );
    }
    // CPU per run does not depend on what else the machine runs; runs/s does (see docs/benchmarks.md).
    const cpuRow = (name: string, cpu: CpuPerJob): string =>
      `${name.padEnd(16)} ${fmt(cpu.nodeMs, 3).padStart(8)} ${fmt(cpu.redisMs, 3).padStart(9)} ` +
      `${(cpu.databaseMs === null ? '-' : fmt(cpu.databaseMs, 3)).padStart(9)} ` +
      fmt(cpu.nodeMs + cpu.redisMs + (cpu.databaseMs ?? 0), 3).padStart(8);
    console.log(
      `\nCPU per run, ms  ${'Node'.padStart(8)} ${'Redis'.padStart(9)} ${'database'.padStart(9)} ${'total'.padStart(8)}`,
    );
    raws.forEach((raw, i) => console.log(cpuRow(`raw BullMQ #${i + 1}`, raw.cpu)));
    for (const { name, result } of results) console.log(cpuRow(`Relais ${name}`, result.cpu));
    console.log('');
    for (const { name, result, baseline } of results) {
      const ratio = result.runsPerSecond / baseline;
      console.log(
        `ratio Relais(${name})/raw BullMQ = ${fmt(ratio)} (target ≥ 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'}); ` +
          `ctx.step p50 = ${fmt(result.stepP50Ms, 4)} ms (target < 1 ms: ${result.stepP50Ms < 1 ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    await mariadb?.process.stop();
    await redis?.process.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
