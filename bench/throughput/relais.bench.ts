import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { FlowWorkerHost, RunLauncher } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { NOOP_FLOW, STEPS_FLOW, stepDurations } from './bench-flows';
import { BenchWorkerModule } from './bench-worker.module';
import { startCpuMeter, type CpuPerJob } from './cpu-meter';
import { startCpuProfile } from './cpu-profile';
import { percentile } from './stats';

export interface RelaisResult {
  runsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  stepP50Ms: number;
  stepP99Ms: number;
  /** CPU per run of the throughput phase (launch, execution, records). */
  cpu: CpuPerJob;
}

/**
 * Relais end to end in one process: runs recorded in the database, enqueued, executed by a worker, their
 * terminal state written durably and published. Throughput is timed from the first launch to the last
 * completion; latency is measured separately at a steady rate so a backlog does not dominate it.
 */
export async function relaisBench(
  env: { DATABASE_URL: string; REDIS_URL: string; RELAIS_DATA_DIR: string },
  runs: number,
  concurrency: number,
  latencyRuns: number,
  latencyRate: number,
  /** The database server's pid file when it runs here: its CPU per run is measured too. */
  databasePidFile?: string,
): Promise<RelaisResult> {
  const prefix = `bench${randomBytes(3).toString('hex')}`;
  Object.assign(process.env, env, { REDIS_PREFIX: prefix, WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(BenchWorkerModule, { logger: ['error'] });
  // Completions are counted from the worker's BullMQ events, as for raw BullMQ: a Relais job completes only
  // after its run's final state is in the database, so each one is a persisted run.
  let completed = 0;
  let onCompleted: () => void = () => undefined;
  app.get(FlowWorkerHost).onJobCompleted(() => {
    completed++;
    onCompleted();
  });
  const until = (count: number): Promise<void> =>
    new Promise((resolve) => {
      onCompleted = () => completed >= count && resolve();
      onCompleted();
    });
  try {
    await app.get(FlowWorkerHost).ready();
    const launcher = app.get(RunLauncher);
    const repository = app.get(FlowRunRepository);

    // Warm-up: JIT, prepared statements, connections.
    await launcher.launchMany(
      NOOP_FLOW.name,
      Array.from({ length: 200 }, () => ({})),
    );
    await until(200);

    completed = 0;
    const meter = await startCpuMeter(env.REDIS_URL, databasePidFile);
    const stopProfile = await startCpuProfile(process.env.BENCH_CPU_PROFILE);
    const started = performance.now();
    for (let i = 0; i < runs; i += 1000) {
      await launcher.launchMany(
        NOOP_FLOW.name,
        Array.from({ length: Math.min(1000, runs - i) }, () => ({})),
      );
    }
    const launchedAfter = performance.now() - started;
    await until(runs);
    if (process.env.BENCH_DEBUG)
      console.log(`launch took ${launchedAfter.toFixed(0)} ms of ${(performance.now() - started).toFixed(0)} ms`);
    const runsPerSecond = runs / ((performance.now() - started) / 1000);
    const cpu = await meter.stop(runs);
    await stopProfile(`relais-${env.DATABASE_URL.split(':')[0]}`);
    const counts = await repository.countByState();
    const completedRuns = counts.COMPLETED as number | undefined;
    if ((completedRuns ?? 0) < runs + 200) throw new Error(`Only ${String(completedRuns)} runs recorded COMPLETED`);

    completed = 0;
    const ids: string[] = [];
    for (let i = 0; i < latencyRuns; i++) {
      ids.push((await launcher.launch(NOOP_FLOW.name, {})).run.id);
      await new Promise((resolve) => setTimeout(resolve, 1000 / latencyRate));
    }
    await until(latencyRuns);
    const latencies = (await repository.findByIds(ids)).map((run) => (run.startedAt ?? NaN) - run.createdAt);

    completed = 0;
    stepDurations.length = 0;
    await launcher.launch(STEPS_FLOW.name, { steps: 2000 });
    await until(1);

    return {
      runsPerSecond,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      stepP50Ms: percentile(stepDurations, 50),
      stepP99Ms: percentile(stepDurations, 99),
      cpu,
    };
  } finally {
    await app.close();
  }
}
