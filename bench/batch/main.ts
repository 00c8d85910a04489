/*
 * Batch benchmark: a parent fanning out children held to a per-batch concurrency limit (Scrutart's
 * process-batch), against raw BullMQ running the same sleeping jobs with Worker concurrency = the limit, on the
 * same Redis in the same run. The gap between the two is what the group's semaphore, the children's records and
 * the parent's wait cost. Run with `npm run bench:batch`. REDIS_URL (default: a throw-away redis-server).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunState } from '@relais/contracts';
import { FlowWorkerHost, RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { GROUPED_PARENT_FLOW, GroupedTestWorkerModule, groupCounterKeys } from '../../test/engine/grouped-test-flows';
import { startRedisServer, type RedisTestServer } from '../../test/support/redis-test-server';
import { fmt } from '../throughput/stats';

interface Scenario {
  children: number;
  limit: number;
  childMs: number;
}

const SCENARIOS: Scenario[] = [
  { children: 12, limit: 5, childMs: 500 }, // the batch: 12 artists, 5 at a time
  { children: 40, limit: 5, childMs: 200 },
  { children: 40, limit: 2, childMs: 100 },
];

/** Wall time of `children` jobs sleeping `childMs` through one BullMQ Worker of concurrency `limit`. */
async function rawBullmq(redisUrl: string, { children, limit, childMs }: Scenario): Promise<number> {
  const prefix = `bench-batch-raw-${randomBytes(3).toString('hex')}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('raw-batch', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('raw-batch', () => new Promise((resolve) => setTimeout(resolve, childMs)), {
    connection,
    prefix,
    concurrency: limit,
  });
  worker.on('completed', () => {
    if (++done === children) finish();
  });
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.addBulk(Array.from({ length: children }, (_, n) => ({ name: 'child', data: { n } })));
  await allDone;
  const elapsed = performance.now() - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}

/** Wall time of the batch parent as Relais recorded it (created → ended), and the most children seen at once. */
async function relaisBatch(
  launcher: RunLauncher,
  runs: FlowRunRepository,
  redis: Redis,
  { children, limit, childMs }: Scenario,
): Promise<{ elapsedMs: number; maxAtOnce: number }> {
  const { run } = await launcher.launch(GROUPED_PARENT_FLOW.name, { children, limit, child_ms: childMs });
  for (;;) {
    const current = await runs.findById(run.id);
    if (current?.state === RunState.COMPLETED && current.endedAt !== null) {
      const maxAtOnce = Number(await redis.get(groupCounterKeys(run.id).max));
      return { elapsedMs: current.endedAt - current.createdAt, maxAtOnce };
    }
    if (current && [RunState.FAILED, RunState.CRASHED, RunState.CANCELLED].includes(current.state)) {
      throw new Error(`Batch ${run.id} ended ${current.state}: ${current.error ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const workdir = await mkdtemp(join(tmpdir(), 'relais-bench-batch-'));
  let redisServer: RedisTestServer | undefined;
  try {
    if (!process.env.REDIS_URL) redisServer = await startRedisServer(workdir);
    const redisUrl = process.env.REDIS_URL ?? (redisServer as RedisTestServer).url;
    Object.assign(process.env, {
      DATABASE_URL: `sqlite:${join(workdir, 'bench.sqlite')}`,
      REDIS_URL: redisUrl,
      RELAIS_DATA_DIR: workdir,
      REDIS_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      // More worker slots than any batch limit: the group, not the worker, must be what holds children back.
      WORKER_CONCURRENCY: '20',
      LOG_LEVEL: 'warn',
    });
    const app = await NestFactory.createApplicationContext(GroupedTestWorkerModule, { logger: ['error'] });
    const redis = new Redis(redisUrl);
    try {
      await app.get(FlowWorkerHost).ready();
      const launcher = app.get(RunLauncher);
      const runs = app.get(FlowRunRepository);
      console.log(`Relais batch benchmark (SQLite, Redis ${redisUrl})\n`);
      await relaisBatch(launcher, runs, redis, { children: 4, limit: 2, childMs: 10 }); // warm-up
      await rawBullmq(redisUrl, { children: 4, limit: 2, childMs: 10 });

      console.log('children  limit  child ms   ideal ms   raw BullMQ ms   Relais ms   ratio raw/Relais   max at once');
      for (const scenario of SCENARIOS) {
        const raw = await rawBullmq(redisUrl, scenario);
        const relais = await relaisBatch(launcher, runs, redis, scenario);
        const ideal = Math.ceil(scenario.children / scenario.limit) * scenario.childMs;
        const ratio = raw / relais.elapsedMs;
        console.log(
          `${String(scenario.children).padStart(8)} ${String(scenario.limit).padStart(6)} ${String(scenario.childMs).padStart(9)} ` +
            `${String(ideal).padStart(10)} ${fmt(raw, 0).padStart(15)} ${fmt(relais.elapsedMs, 0).padStart(11)} ` +
            `${fmt(ratio).padStart(18)} ${String(relais.maxAtOnce).padStart(13)}` +
            `   (target ratio ≥ 0.80: ${ratio >= 0.8 ? 'met' : 'NOT met'}; limit held: ${relais.maxAtOnce <= scenario.limit ? 'yes' : 'NO'})`,
        );
      }
    } finally {
      await app.close();
      await redis.quit();
    }
  } finally {
    await redisServer?.process.stop();
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
