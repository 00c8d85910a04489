import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

/**
 * CPU time spent per job, in milliseconds: by this process (the worker and launcher), by Redis, and by the
 * database server when it runs on this machine (null otherwise: SQLite's work is this process's).
 */
export interface CpuPerJob {
  nodeMs: number;
  redisMs: number;
  databaseMs: number | null;
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** A local process's CPU time (user + system) from /proc, in milliseconds. */
function processCpuMs(pidFile: string): number {
  const pid = readFileSync(pidFile, 'utf8').trim();
  // Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces) and its ')'.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Measures the CPU this process and the Redis server spend from now until `stop(jobs)`, per job. On a machine
 * shared with other work, runs per second measure the neighbours as much as the code; the CPU a run costs does
 * not, and it is what bounds throughput once the cores are busy.
 */
export async function startCpuMeter(
  redisUrl: string,
  databasePidFile?: string,
): Promise<{ stop: (jobs: number) => Promise<CpuPerJob> }> {
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const redisCpuMs = async (): Promise<number> => {
    const info = await redis.info('cpu');
    const seconds = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
  };
  const redisStart = await redisCpuMs();
  const databaseStart = databasePidFile ? processCpuMs(databasePidFile) : null;
  const nodeStart = process.cpuUsage();
  return {
    stop: async (jobs) => {
      const node = process.cpuUsage(nodeStart);
      const redisMs = (await redisCpuMs()) - redisStart;
      const databaseMs =
        databasePidFile && databaseStart !== null ? processCpuMs(databasePidFile) - databaseStart : null;
      await redis.quit();
      return {
        nodeMs: (node.user + node.system) / 1000 / jobs,
        redisMs: redisMs / jobs,
        databaseMs: databaseMs === null ? null : databaseMs / jobs,
      };
    },
  };
}
