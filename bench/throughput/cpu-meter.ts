import { Redis } from 'ioredis';

/** CPU time spent per job, in milliseconds: by this process (the worker and launcher), and by Redis. */
export interface CpuPerJob {
  nodeMs: number;
  redisMs: number;
}

/**
 * Measures the CPU this process and the Redis server spend from now until `stop(jobs)`, per job. On a machine
 * shared with other work, runs per second measure the neighbours as much as the code; the CPU a run costs does
 * not, and it is what bounds throughput once the cores are busy.
 */
export async function startCpuMeter(redisUrl: string): Promise<{ stop: (jobs: number) => Promise<CpuPerJob> }> {
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const redisCpuMs = async (): Promise<number> => {
    const info = await redis.info('cpu');
    const seconds = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  };
  const redisStart = await redisCpuMs();
  const nodeStart = process.cpuUsage();
  return {
    stop: async (jobs) => {
      const node = process.cpuUsage(nodeStart);
      const redisMs = (await redisCpuMs()) - redisStart;
      await redis.quit();
      return { nodeMs: (node.user + node.system) / 1000 / jobs, redisMs: redisMs / jobs };
    },
  };
}
