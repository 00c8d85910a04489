/*
 * Scaling benchmark: 1, 2, 4 worker processes against one Redis and one database. For each count, a backlog of
 * BENCH_RUNS no-op runs is launched into a paused queue, the queue is resumed, and the time until the last run is
 * COMPLETED in the database gives runs/s. Beside it, where the CPU went: each worker process, Redis (INFO cpu),
 * the MariaDB server and this process (from /proc), and the machine's load average, to say what saturated.
 * Run with `npm run bench:scaling`.
 *
 * Then the launch path: BENCH_LAUNCHES POST /api/flows/…/runs through 1, then 2 gateway processes (50 requests in
 * flight), launches accepted per second and each gateway's CPU.
 *
 * Settings: BENCH_RUNS (8000), BENCH_CONCURRENCY (50 per worker process), BENCH_PROCESSES (1,2,4; empty to skip), BENCH_GATEWAYS
 * (1,2; empty to skip), BENCH_LAUNCHES (3000), BENCH_DB
 * (sqlite or mariadb), BENCH_MYSQL_URL (default: a throw-away MariaDB), REDIS_URL (default: a throw-away
 * redis-server).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DOMAINS } from '@relais/domains';
import { EngineModule, FlowCatalogue, RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { startMariaDbServer, type MariaDbTestServer } from '../../test/support/mariadb-test-server';
import { startRedisServer, type RedisTestServer } from '../../test/support/redis-test-server';
import { BENCH_QUEUE, NOOP_FLOW } from '../throughput/bench-flows';
import { fmt } from '../throughput/stats';
import { measureGatewayLaunches, startTsProcess, stopProcess, type GatewayStep } from './gateway-launches';
import { findPid, processCpuMs } from './process-cpu';

const RUNS = Number(process.env.BENCH_RUNS ?? 8000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PROCESS_COUNTS = (process.env.BENCH_PROCESSES ?? '1,2,4').split(',').filter(Boolean).map(Number);
const DB = (process.env.BENCH_DB ?? 'sqlite').toLowerCase();
const CORES = availableParallelism();
const GATEWAY_COUNTS = (process.env.BENCH_GATEWAYS ?? '1,2').split(',').filter(Boolean).map(Number);
const LAUNCHES = Number(process.env.BENCH_LAUNCHES ?? 3000);

/** The launching side: records runs and enqueues their jobs, runs none. */
@Module({ imports: [EngineModule.forProducer({ domains: DOMAINS })] })
class BenchProducerModule {}

interface Step {
  processes: number;
  runsPerSecond: number;
  seconds: number;
  /** CPU of each worker process during the drain, in % of one core. */
  workerCpuPercent: number[];
  /** CPU per run, ms: all worker processes together. */
  workerMsPerRun: number;
  redisPercent: number;
  redisMsPerRun: number;
  /** The MariaDB server's CPU in % of one core (NaN on SQLite: it runs inside the workers). */
  databasePercent: number;
  benchPercent: number;
  loadBefore: number;
  loadAfter: number;
}

async function main(): Promise<void> {
  if (DB !== 'sqlite' && DB !== 'mariadb') throw new Error(`BENCH_DB must be sqlite or mariadb (got ${DB})`);
  const workdir = await mkdtemp(join(tmpdir(), 'relais-scaling-'));
  let redis: RedisTestServer | undefined;
  let mariadb: MariaDbTestServer | undefined;
  try {
    if (!process.env.REDIS_URL) redis = await startRedisServer(workdir);
    const redisUrl = process.env.REDIS_URL ?? (redis as RedisTestServer).url;
    let databaseUrl = `sqlite:${join(workdir, 'scaling.sqlite')}`;
    let databasePid: number | undefined;
    if (DB === 'mariadb') {
      let server = process.env.BENCH_MYSQL_URL;
      if (!server) {
        mariadb = await startMariaDbServer(workdir);
        server = mariadb.url;
        databasePid = await findPid('mariadbd', `--port=${new URL(server).port}`);
      }
      const connection = await createConnection(server);
      await connection.query('DROP DATABASE IF EXISTS relais_scaling');
      await connection.query('CREATE DATABASE relais_scaling CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
      await connection.end();
      databaseUrl = `${server.replace(/\/+$/, '')}/relais_scaling`;
    }
    console.log(
      `Relais scaling benchmark: ${RUNS} no-op runs per step, ${PROCESS_COUNTS.join('/')} worker processes of ` +
        `concurrency ${CONCURRENCY}, ${DB}, Redis ${redisUrl}, ${CORES} CPU cores\n`,
    );
    const steps: Step[] = [];
    for (const processes of PROCESS_COUNTS) {
      steps.push(await measure(processes, { redisUrl, databaseUrl, workdir, databasePid }));
      const step = steps[steps.length - 1];
      console.log(
        `${processes} process(es): ${fmt(step.runsPerSecond, 0)} runs/s in ${fmt(step.seconds, 1)} s ` +
          `(load average ${fmt(step.loadBefore)} → ${fmt(step.loadAfter)})`,
      );
    }
    if (steps.length > 0) printTable(steps);

    // The launch path: gateways recording and queueing runs (no worker runs them), one Redis, one database.
    const gatewaySteps: GatewayStep[] = [];
    for (const gateways of GATEWAY_COUNTS) {
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: `launch${gateways}x${randomBytes(3).toString('hex')}`,
        LOG_LEVEL: 'warn',
        RELAIS_DATA_DIR: workdir,
      };
      gatewaySteps.push(await measureGatewayLaunches(gateways, LAUNCHES, 50, env, () => loadavg()[0]));
    }
    if (gatewaySteps.length > 0) {
      console.log(`
gateways   launches/s  × first   gateway CPU % each   errors   load avg`);
      for (const step of gatewaySteps) {
        console.log(
          `${String(step.gateways).padStart(8)} ${fmt(step.launchesPerSecond, 0).padStart(12)} ` +
            `${fmt(step.launchesPerSecond / gatewaySteps[0].launchesPerSecond).padStart(8)}   ` +
            `${step.gatewayCpuPercent
              .map((value) => fmt(value, 0))
              .join('/')
              .padEnd(20)} ${String(step.errors).padStart(6)}   ${fmt(step.load)}`,
        );
      }
    }
  } finally {
    await mariadb?.process.stop();
    await redis?.process.stop();
    await rm(workdir, { recursive: true, force: true });
  }
}

async function measure(
  processes: number,
  setup: { redisUrl: string; databaseUrl: string; workdir: string; databasePid?: number },
): Promise<Step> {
  const prefix = `scale${processes}x${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: setup.databaseUrl,
    REDIS_URL: setup.redisUrl,
    REDIS_PREFIX: prefix,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    LOG_LEVEL: 'warn',
    RELAIS_DATA_DIR: setup.workdir,
  };
  Object.assign(process.env, env);
  const producer = await NestFactory.createApplicationContext(BenchProducerModule, { logger: ['error'] });
  producer.get(FlowCatalogue).register(NOOP_FLOW);
  const queue = new Queue(BENCH_QUEUE, { connection: { url: setup.redisUrl }, prefix });
  const redisInfo = new Redis(setup.redisUrl);
  const workers = Array.from({ length: processes }, () => startWorker(env));
  try {
    await waitFor(async () => (await queue.getWorkersCount()) >= processes, 180_000, 'the worker processes', workers);
    // Warm-up: JIT, connections, prepared statements in every process.
    await launchAndWait(producer, 100 * processes, () => Promise.resolve());

    await queue.pause();
    const launched = launchAndWait(producer, RUNS, async () => {
      // The backlog is in the queue: from here on only the workers (and what they use) work.
      const before = await sample(workers, redisInfo, setup.databasePid);
      await queue.resume();
      return before;
    });
    const { before, completedAt } = await launched;
    const after = { ...(await sample(workers, redisInfo, setup.databasePid)), at: completedAt };
    const seconds = (after.at - before.at) / 1000;
    const percent = (ms: number): number => (ms / (seconds * 1000)) * 100;
    const workerMs = after.workers.map((ms, i) => ms - before.workers[i]);
    return {
      processes,
      runsPerSecond: RUNS / seconds,
      seconds,
      workerCpuPercent: workerMs.map(percent),
      workerMsPerRun: workerMs.reduce((sum, ms) => sum + ms, 0) / RUNS,
      redisPercent: percent(after.redis - before.redis),
      redisMsPerRun: (after.redis - before.redis) / RUNS,
      databasePercent: percent(after.database - before.database),
      benchPercent: percent(after.bench - before.bench),
      loadBefore: before.load,
      loadAfter: after.load,
    };
  } finally {
    await Promise.all(workers.map(stopProcess));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await redisInfo.quit();
    await producer.close();
  }
}

interface Sample {
  at: number;
  workers: number[];
  redis: number;
  database: number;
  bench: number;
  load: number;
}

async function sample(workers: ChildProcess[], redis: Redis, databasePid?: number): Promise<Sample> {
  const info = await redis.info('cpu');
  const seconds = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  const bench = process.cpuUsage();
  return {
    at: performance.now(),
    workers: await Promise.all(workers.map((worker) => processCpuMs(worker.pid ?? -1))),
    redis: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000,
    database: databasePid === undefined ? NaN : await processCpuMs(databasePid),
    bench: (bench.user + bench.system) / 1000,
    load: loadavg()[0],
  };
}

/**
 * Launches `runs` runs (1000 per call, as a bulk launch does), then calls `started` and waits until every one is
 * COMPLETED in the database; returns what `started` returned and when the last run was seen completed.
 */
async function launchAndWait<T>(
  producer: INestApplicationContext,
  runs: number,
  started: () => Promise<T>,
): Promise<{ before: T; completedAt: number }> {
  const repository = producer.get(FlowRunRepository);
  const launcher = producer.get(RunLauncher);
  const completedRuns = async (): Promise<number> =>
    ((await repository.countByState()) as Partial<Record<string, number>>).COMPLETED ?? 0;
  const completedBefore = await completedRuns();
  for (let i = 0; i < runs; i += 1000) {
    await launcher.launchMany(
      NOOP_FLOW.name,
      Array.from({ length: Math.min(1000, runs - i) }, () => ({})),
    );
  }
  const before = await started();
  for (;;) {
    if ((await completedRuns()) - completedBefore >= runs) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { before, completedAt: performance.now() };
}

function startWorker(env: Record<string, string>): ChildProcess {
  return startTsProcess('bench/scaling/bench-worker.main.ts', env);
}

async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  workers: ChildProcess[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (workers.some((worker) => worker.exitCode !== null))
      throw new Error(`A worker process exited before ${what} were ready`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function printTable(steps: Step[]): void {
  const base = steps[0].runsPerSecond;
  console.log(
    `\nprocesses   runs/s  × first   worker CPU % each (ms/run)   Redis % (ms/run)   DB server %   bench %   load avg`,
  );
  for (const step of steps) {
    const workers = `${step.workerCpuPercent.map((value) => fmt(value, 0)).join('/')} (${fmt(step.workerMsPerRun, 3)})`;
    console.log(
      `${String(step.processes).padStart(9)} ${fmt(step.runsPerSecond, 0).padStart(8)} ${fmt(step.runsPerSecond / base).padStart(8)}   ` +
        `${workers.padEnd(26)} ${`${fmt(step.redisPercent, 0)} (${fmt(step.redisMsPerRun, 3)})`.padStart(17)} ` +
        `${fmt(step.databasePercent, 0).padStart(13)} ${fmt(step.benchPercent, 0).padStart(9)}   ${fmt(step.loadBefore)} → ${fmt(step.loadAfter)}`,
    );
  }
  console.log('');
  for (const step of steps) console.log(`${step.processes} process(es): ${verdict(step)}`);
}

/** What bounded this step: the machine's cores, Redis's one thread, or neither (latency, the database's locks). */
function verdict(step: Step): string {
  const worker = step.workerCpuPercent.reduce((sum, value) => sum + value, 0);
  const database = Number.isFinite(step.databasePercent) ? step.databasePercent : 0;
  const used = worker + step.redisPercent + database + step.benchPercent;
  const parts = [
    `Relais used ${fmt(used / 100, 2)} of the ${CORES} cores (workers ${fmt(worker / 100, 2)}, Redis ${fmt(step.redisPercent / 100, 2)}` +
      `${Number.isFinite(step.databasePercent) ? `, MariaDB ${fmt(database / 100, 2)}` : ''})`,
  ];
  if (step.redisPercent > 90) parts.push('Redis is saturated (one thread)');
  else if (used > CORES * 90) parts.push('the cores are saturated');
  else if (step.loadAfter > CORES) {
    parts.push(
      `the cores are shared: load average ${fmt(step.loadAfter)} on ${CORES} cores, so other work took the rest`,
    );
  } else parts.push('not CPU-bound: each run waits on round trips (Redis, the database)');
  return parts.join('; ');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
