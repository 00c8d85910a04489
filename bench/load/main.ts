/*
 * Load benchmark of the gateway: POST /api/flows/{name}/runs and GET /api/runs (first page and a page deep in the
 * history) at a fixed request rate, with BENCH_SEED_RUNS runs in the database, against baselines measured in the
 * same run: GET /api/health (the HTTP floor), raw BullMQ `queue.add` for the POST, and the same keyset query
 * through FlowRunRepository for the GETs. Run with `npm run bench:load`.
 *
 * Settings: BENCH_RATE (200 requests/s), BENCH_DURATION_S (20 per scenario), BENCH_WARMUP_S (3), BENCH_SEED_RUNS
 * (100000), BENCH_DB (sqlite or mariadb), BENCH_MYSQL_URL (default: a throw-away MariaDB), REDIS_URL (default: a
 * throw-away redis-server).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { createConnection } from 'mysql2/promise';
import type { Page, RunSummary } from '@relais/contracts';
import { FlowRunRepository } from '@relais/persistence';
import { encodeRunCursor } from '../../apps/gateway/src/api/runs/run-cursor';
import { startMariaDbServer, type MariaDbTestServer } from '../../test/support/mariadb-test-server';
import { startRedisServer, type RedisTestServer } from '../../test/support/redis-test-server';
import { fmt, percentile } from '../throughput/stats';
import { startBenchGateway, type BenchGateway } from './bench-gateway';
import { runHttpLoad } from './http-load';
import { recordMainThreadStalls, type MainThreadStalls } from './main-thread-stalls';
import { runOpenLoop, type LoadOperation, type LoadResult } from './open-loop';
import { seedRuns } from './seed-runs';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 20) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_S ?? 3) * 1000;
const SEED_RUNS = Number(process.env.BENCH_SEED_RUNS ?? 100_000);
const DB = (process.env.BENCH_DB ?? 'sqlite').toLowerCase();
const PAGE = 50;
const FLOW = 'ops.health-check';

interface Scenario {
  name: string;
  result: LoadResult;
  stalls: MainThreadStalls;
}

async function mariaDbUrl(workdir: string, servers: { mariadb?: MariaDbTestServer }): Promise<string> {
  let server = process.env.BENCH_MYSQL_URL;
  if (!server) {
    servers.mariadb = await startMariaDbServer(workdir);
    server = servers.mariadb.url;
  }
  const connection = await createConnection(server);
  await connection.query('DROP DATABASE IF EXISTS relais_load');
  await connection.query('CREATE DATABASE relais_load CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await connection.end();
  return `${server.replace(/\/+$/, '')}/relais_load`;
}

function row(name: string, result: LoadResult): string {
  const [p50, p95, p99] = [50, 95, 99].map((p) => fmt(percentile(result.latencies, p)).padStart(9));
  const saturated = result.achievedPerSecond < RATE * 0.95 ? '  (below the rate: saturated)' : '';
  return `${name.padEnd(48)} ${fmt(result.achievedPerSecond, 1).padStart(9)} ${String(result.errors).padStart(7)} ${p50} ${p95} ${p99}${saturated}`;
}

function stallRow(name: string, stalls: MainThreadStalls): string {
  const ms = (value: number): string => fmt(value, 1).padStart(9);
  return `${name.padEnd(48)} ${fmt(stalls.loopDelayP99Ms, 1).padStart(15)} ${ms(stalls.loopDelayMaxMs)} ${String(stalls.gcPauses).padStart(10)} ${ms(stalls.gcTotalMs)} ${ms(stalls.gcMaxMs)}`;
}

function ratios(name: string, result: LoadResult, baseline: LoadResult): string {
  const parts = [50, 95, 99].map((p) => fmt(percentile(result.latencies, p) / percentile(baseline.latencies, p), 1));
  return `${name.padEnd(58)} ${parts.join(' / ')}`;
}

async function main(): Promise<void> {
  if (DB !== 'sqlite' && DB !== 'mariadb') throw new Error(`BENCH_DB must be sqlite or mariadb (got ${DB})`);
  const workdir = await mkdtemp(join(tmpdir(), 'relais-load-'));
  const servers: { redis?: RedisTestServer; mariadb?: MariaDbTestServer } = {};
  let gateway: BenchGateway | undefined;
  let rawQueue: Queue | undefined;
  try {
    if (!process.env.REDIS_URL) servers.redis = await startRedisServer(workdir);
    const redisUrl = process.env.REDIS_URL ?? (servers.redis as RedisTestServer).url;
    const databaseUrl = DB === 'sqlite' ? `sqlite:${join(workdir, 'load.sqlite')}` : await mariaDbUrl(workdir, servers);
    const token = `relais_bench_${randomBytes(24).toString('base64url')}`;
    const prefix = `load${randomBytes(3).toString('hex')}`;
    gateway = await startBenchGateway({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      RELAIS_DATA_DIR: workdir,
      RELAIS_ADMIN_TOKEN: token,
      // The limiter stays on (its Redis round trip is part of every request), just out of the way.
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    });
    const repository = gateway.app.get(FlowRunRepository);
    const baseUrl = gateway.url;

    console.log(
      `Relais load benchmark: ${DB === 'sqlite' ? 'SQLite' : 'MariaDB'}, ${SEED_RUNS} runs in the database, ` +
        `${RATE} requests/s for ${DURATION_MS / 1000} s per scenario (after ${WARMUP_MS / 1000} s of warm-up)\n`,
    );
    const seedStarted = performance.now();
    const deepIndex = Math.floor(SEED_RUNS / 2);
    const seeded = await seedRuns(repository, SEED_RUNS, Date.now(), [deepIndex, deepIndex + 1]);
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(
      `Seeded ${SEED_RUNS} runs in ${fmt((performance.now() - seedStarted) / 1000, 1)} s (heap in use: ${fmt(heapMb, 0)} MB)\n`,
    );
    const deepKey = seeded.get(deepIndex);
    const nextAfterDeep = seeded.get(deepIndex + 1);
    if (!deepKey || !nextAfterDeep) throw new Error(`BENCH_SEED_RUNS must be at least ${2 * PAGE} (got ${SEED_RUNS})`);
    const deepPath = `/api/runs?limit=${PAGE}&cursor=${encodeRunCursor(deepKey)}`;

    const http = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<LoadResult> =>
      runHttpLoad({
        url: baseUrl + path,
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        ratePerSecond: RATE,
        durationMs: DURATION_MS,
        warmupMs: WARMUP_MS,
      });
    const direct = (operation: LoadOperation): Promise<LoadResult> =>
      runOpenLoop(operation, RATE, DURATION_MS, WARMUP_MS);

    // The pages asked for must be what the benchmark claims: full pages, the deep one half-way down the history.
    const check = await fetch(gateway.url + deepPath, { headers: { authorization: `Bearer ${token}` } });
    const deepPage = (await check.json()) as Page<RunSummary>;
    if (check.status !== 200 || deepPage.items.length !== PAGE || deepPage.items[0].id !== nextAfterDeep.id) {
      throw new Error(`GET ${deepPath} did not return the expected page (HTTP ${check.status})`);
    }

    // The raw baseline enqueues what the gateway enqueues for a run, on the same Redis.
    rawQueue = new Queue('raw-ops', { connection: { url: redisUrl }, prefix: `${prefix}-raw` });
    const queue = rawQueue;
    const scenarios: Scenario[] = [];
    const measure = async (name: string, load: () => Promise<LoadResult>): Promise<LoadResult> => {
      process.stdout.write(`  ${name}…\n`);
      const recording = recordMainThreadStalls();
      const result = await load();
      scenarios.push({ name, result, stalls: recording.stop() });
      return result;
    };
    const floor = await measure('GET /api/health (HTTP floor)', () => http('GET', '/api/health'));
    const post = await measure(`POST /api/flows/${FLOW}/runs`, () =>
      http('POST', `/api/flows/${FLOW}/runs`, { parameters: {} }),
    );
    const rawAdd = await measure('  baseline: raw BullMQ queue.add', () =>
      direct(() => {
        const runId = randomUUID();
        return queue.add(
          FLOW,
          { runId, snapshot: { flowName: FLOW, parameters: { alert_threshold: 70, detailed: false } } },
          { jobId: runId, attempts: 2, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
        );
      }),
    );
    const first = await measure(`GET /api/runs?limit=${PAGE}`, () => http('GET', `/api/runs?limit=${PAGE}`));
    const firstSql = await measure('  baseline: FlowRunRepository.list', () =>
      direct(() => repository.list({ limit: PAGE + 1 })),
    );
    const deepHttp = await measure(`GET /api/runs?limit=${PAGE}&cursor=(${deepIndex + 1} deep)`, () =>
      http('GET', deepPath),
    );
    const deepSql = await measure('  baseline: FlowRunRepository.list (same cursor)', () =>
      direct(() => repository.list({ limit: PAGE + 1, after: deepKey })),
    );
    // The first page again, a minute later: a route that is slow only right after the seeding and the POSTs is
    // measuring what the database (or the disk) still does after them, not the route.
    const firstAgain = await measure(`GET /api/runs?limit=${PAGE} (again, last)`, () =>
      http('GET', `/api/runs?limit=${PAGE}`),
    );

    console.log(
      `\n${'scenario'.padEnd(48)} ${'achieved/s'.padStart(9)} ${'errors'.padStart(7)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`,
    );
    for (const { name, result } of scenarios) console.log(row(name, result));
    console.log(
      `\n${'gateway thread, whole scenario'.padEnd(48)} ${'loop delay p99'.padStart(15)} ${'max'.padStart(9)} ${'GC pauses'.padStart(10)} ${'GC total'.padStart(9)} ${'GC max'.padStart(9)}`,
    );
    for (const { name, stalls } of scenarios) console.log(stallRow(name, stalls));
    const failures = scenarios.filter(({ result }) => result.errors > 0);
    for (const { name, result } of failures) console.log(`${name}: first error: ${result.firstError ?? '?'}`);

    console.log('\nratio (p50 / p95 / p99)');
    console.log(ratios('POST run ÷ raw BullMQ queue.add', post, rawAdd));
    console.log(ratios('POST run ÷ HTTP floor', post, floor));
    console.log(ratios('GET /api/runs ÷ FlowRunRepository.list', first, firstSql));
    console.log(ratios('GET /api/runs ÷ HTTP floor', first, floor));
    console.log(ratios('GET /api/runs again, last ÷ FlowRunRepository.list', firstAgain, firstSql));
    console.log(ratios('GET /api/runs deep ÷ FlowRunRepository.list deep', deepHttp, deepSql));
    console.log(ratios('GET /api/runs deep ÷ GET /api/runs first page', deepHttp, first));
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await rawQueue?.obliterate({ force: true });
    await rawQueue?.close();
    await gateway?.app.close();
    await servers.mariadb?.process.stop();
    await servers.redis?.process.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
