import { Queue, QueueEvents, Worker } from 'bullmq';
import { startCpuMeter, type CpuPerJob } from './cpu-meter';
import { percentile } from './stats';

export interface ThroughputResult {
  jobsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * The baseline: plain BullMQ on the same Redis, no database, no-op processor. addBulk of `jobs` jobs, one Worker
 * with the same concurrency as Relais, timed from the first add to the last completion.
 */
export async function rawBullmqThroughput(
  redisUrl: string,
  jobs: number,
  concurrency: number,
): Promise<{ jobsPerSecond: number; cpu: CpuPerJob }> {
  const prefix = `bench-raw-${Date.now()}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('raw', { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('raw', () => Promise.resolve(null), { connection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === jobs) finish();
  });
  await worker.waitUntilReady();
  const meter = await startCpuMeter(redisUrl);
  const started = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({
        name: 'noop',
        data: { n: i + k },
        opts: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
      })),
    );
  }
  void worker.run();
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  const cpu = await meter.stop(jobs);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { jobsPerSecond: jobs / seconds, cpu };
}

/** Enqueue→start latency of plain BullMQ at a steady rate: processedOn − timestamp of each job. */
export async function rawBullmqLatency(
  redisUrl: string,
  jobs: number,
  ratePerSecond: number,
): Promise<ThroughputResult> {
  const prefix = `bench-rawlat-${Date.now()}`;
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('rawlat', { connection, prefix });
  const events = new QueueEvents('rawlat', { connection, prefix });
  const latencies: number[] = [];
  const worker = new Worker(
    'rawlat',
    (job) => {
      latencies.push(Date.now() - job.timestamp);
      return Promise.resolve(null);
    },
    { connection, prefix, concurrency: 10 },
  );
  await worker.waitUntilReady();
  for (let i = 0; i < jobs; i++) {
    await queue.add('noop', {}, { removeOnComplete: true });
    await new Promise((resolve) => setTimeout(resolve, 1000 / ratePerSecond));
  }
  while (latencies.length < jobs) await new Promise((resolve) => setTimeout(resolve, 20));
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { jobsPerSecond: NaN, latencyP50Ms: percentile(latencies, 50), latencyP99Ms: percentile(latencies, 99) };
}
