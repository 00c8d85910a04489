/*
 * Throughput benchmark: raw BullMQ against Relais on the same Redis, in one run, so the ratio is meaningful on
 * any machine. Run with `npm run bench:throughput`. Settings: BENCH_RUNS (default 5000), BENCH_CONCURRENCY (50),
 * REDIS_URL (default: a throw-away redis-server), BENCH_MYSQL_URL (default: a throw-away MariaDB when mariadbd
 * is installed; BENCH_SKIP_MARIADB=1 to skip).
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

    // The baseline is measured before and after the Relais scenarios and averaged, so machine drift during the
    // run (other processes, Redis memory growth) does not favour either side.
    await rawBullmqThroughput(redisUrl, 1000, CONCURRENCY); // warm-up, as Relais gets one: JIT, connections
    const rawBefore = await rawBullmqThroughput(redisUrl, RUNS, CONCURRENCY);
    const rawLatency = await rawBullmqLatency(redisUrl, LATENCY_RUNS, LATENCY_RATE);
    const results: [string, RelaisResult][] = [];

    results.push([
      'SQLite',
      await relaisBench(
        { DATABASE_URL: `sqlite:${join(workdir, 'bench.sqlite')}`, REDIS_URL: redisUrl, RELAIS_DATA_DIR: workdir },
        RUNS,
        CONCURRENCY,
        LATENCY_RUNS,
        LATENCY_RATE,
      ),
    ]);

    let mysqlServer = process.env.BENCH_MYSQL_URL;
    if (!mysqlServer && !process.env.BENCH_SKIP_MARIADB && hasMariaDb()) {
      mariadb = await startMariaDbServer(workdir);
      mysqlServer = mariadb.url;
    }
    if (mysqlServer) {
      const connection = await createConnection(mysqlServer);
      await connection.query('CREATE DATABASE IF NOT EXISTS relais_bench');
      await connection.end();
      results.push([
        'MariaDB',
        await relaisBench(
          {
            DATABASE_URL: `${mysqlServer.replace(/\/+$/, '')}/relais_bench`,
            REDIS_URL: redisUrl,
            RELAIS_DATA_DIR: workdir,
          },
          RUNS,
          CONCURRENCY,
          LATENCY_RUNS,
          LATENCY_RATE,
        ),
      ]);
    } else {
      console.log('MariaDB not available: skipped (install mariadb-server or set BENCH_MYSQL_URL)\n');
    }

    const rawAfter = await rawBullmqThroughput(redisUrl, RUNS, CONCURRENCY);
    const raw = (rawBefore + rawAfter) / 2;
    console.log(`raw BullMQ before/after: ${fmt(rawBefore, 0)} / ${fmt(rawAfter, 0)} jobs/s\n`);
    console.log('scenario            runs/s   ratio   enqueue→start p50/p99 ms   ctx.step p50/p99 ms');
    console.log(
      `raw BullMQ      ${fmt(raw, 0).padStart(10)}    1.00   ${fmt(rawLatency.latencyP50Ms, 1).padStart(8)} / ${fmt(rawLatency.latencyP99Ms, 1).padEnd(8)}   -`,
    );
    for (const [name, result] of results) {
      console.log(
        `Relais ${name.padEnd(8)} ${fmt(result.runsPerSecond, 0).padStart(10)}    ${fmt(result.runsPerSecond / raw)}   ` +
          `${fmt(result.latencyP50Ms, 1).padStart(8)} / ${fmt(result.latencyP99Ms, 1).padEnd(8)}   ${fmt(result.stepP50Ms, 4)} / ${fmt(result.stepP99Ms, 4)}`,
      );
    }
    console.log('');
    for (const [name, result] of results) {
      const ratio = result.runsPerSecond / raw;
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
