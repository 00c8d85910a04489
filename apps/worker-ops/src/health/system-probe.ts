import type { StatsFs } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';
import { cpus, freemem, totalmem, type CpuInfo } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CpuMeasurement,
  DiskMeasurement,
  MemoryMeasurement,
  ProcessMeasurement,
  SystemMeasurement,
} from './health-measurements';
import { describeFailure, errorCode } from './probe-error';
import { withTimeout } from './probe-timeout';

export interface SystemProbeOptions {
  /** Disk usage is measured on the filesystem holding this directory. */
  dataDir: string;
  /** Time between the two CPU samples. */
  sampleMs?: number;
  /** Limit for each file-system read (a hung NFS mount must not hang the check). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Where to read memory figures; a test points it at a fixture. */
  meminfoPath?: string;
}

const DEFAULT_SAMPLE_MS = 250;
const DEFAULT_TIMEOUT_MS = 3000;

/**
 * Measures CPU, memory, disk and this process. Never throws for a failed measurement (the disk reports its
 * error instead); only a cancelled run makes it throw.
 */
export async function probeSystem(options: SystemProbeOptions): Promise<SystemMeasurement> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const [cpu, memory, disk] = await Promise.all([
    sampleCpu(options.sampleMs ?? DEFAULT_SAMPLE_MS, options.signal),
    measureMemory(options.meminfoPath ?? '/proc/meminfo', timeoutMs, options.signal),
    measureDisk(options.dataDir, timeoutMs, options.signal),
  ]);
  return { cpu, memory, disk, process: measureProcess() };
}

// Load average counts processes waiting on I/O and is not a share of the CPUs, so busy time is sampled instead.
async function sampleCpu(sampleMs: number, signal?: AbortSignal): Promise<CpuMeasurement> {
  const before = cpus();
  await sleep(sampleMs, undefined, { signal });
  const after = cpus();
  const count = Math.min(before.length, after.length);
  if (count === 0) return { percent: null, perCpuPercent: [], sampleMs };

  let busyTotal = 0;
  let elapsedTotal = 0;
  const perCpuPercent: number[] = [];
  for (let index = 0; index < count; index++) {
    const { busy, elapsed } = cpuDelta(before[index].times, after[index].times);
    busyTotal += busy;
    elapsedTotal += elapsed;
    perCpuPercent.push(round1(percentOf(busy, elapsed)));
  }
  return { percent: round1(percentOf(busyTotal, elapsedTotal)), perCpuPercent, sampleMs };
}

function cpuDelta(before: CpuInfo['times'], after: CpuInfo['times']): { busy: number; elapsed: number } {
  const idle = after.idle - before.idle;
  const elapsed =
    after.user - before.user + (after.nice - before.nice) + (after.sys - before.sys) + (after.irq - before.irq) + idle;
  return { busy: Math.max(0, elapsed - idle), elapsed: Math.max(0, elapsed) };
}

async function measureMemory(meminfoPath: string, timeoutMs: number, signal?: AbortSignal): Promise<MemoryMeasurement> {
  // Reading MemAvailable pins what "in use" means: os.freemem() returned MemFree (page cache counted as used, ~100 %
  // on a busy host) before libuv 1.45, and its meaning still differs between platforms.
  const meminfo = await withTimeout(readFile(meminfoPath, 'utf8'), timeoutMs, meminfoPath, signal).then(
    parseMeminfo,
    () => {
      signal?.throwIfAborted();
      return null; // Not Linux, or /proc unreadable: os figures below are the fallback.
    },
  );
  if (meminfo) {
    return {
      percent: round1(percentOf(meminfo.totalBytes - meminfo.availableBytes, meminfo.totalBytes)),
      ...meminfo,
      source: 'proc-meminfo',
    };
  }
  const totalBytes = totalmem();
  const availableBytes = freemem();
  return {
    percent: round1(percentOf(totalBytes - availableBytes, totalBytes)),
    totalBytes,
    availableBytes,
    source: 'os',
  };
}

/** MemTotal and MemAvailable in bytes, or null when the kernel predates MemAvailable (Linux < 3.14). */
function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | null {
  const kib = (field: string): number | null => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : null;
  };
  const totalBytes = kib('MemTotal');
  const availableBytes = kib('MemAvailable');
  return totalBytes && availableBytes !== null ? { totalBytes, availableBytes } : null;
}

async function measureDisk(path: string, timeoutMs: number, signal?: AbortSignal): Promise<DiskMeasurement> {
  try {
    const { measuredPath, stats } = await withTimeout(statfsNearest(path), timeoutMs, `statfs ${path}`, signal);
    // As df does: blocks reserved for root count neither as used nor as available to Relais.
    const usedBlocks = stats.blocks - stats.bfree;
    const usableBlocks = usedBlocks + stats.bavail;
    return {
      path,
      measuredPath,
      percent: round1(percentOf(usedBlocks, usableBlocks)),
      totalBytes: stats.blocks * stats.bsize,
      availableBytes: stats.bavail * stats.bsize,
    };
  } catch (error) {
    signal?.throwIfAborted();
    return { path, error: describeFailure(error) };
  }
}

/** The data directory may not exist yet (first start): measure the filesystem that will hold it. */
async function statfsNearest(path: string): Promise<{ measuredPath: string; stats: StatsFs }> {
  let candidate = path;
  for (;;) {
    try {
      return { measuredPath: candidate, stats: await statfs(candidate) };
    } catch (error) {
      const parent = dirname(candidate);
      if (errorCode(error) !== 'ENOENT' || parent === candidate) throw error;
      candidate = parent;
    }
  }
}

function measureProcess(): ProcessMeasurement {
  const usage = process.memoryUsage();
  return {
    pid: process.pid,
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    uptimeSeconds: Math.round(process.uptime()),
  };
}

function percentOf(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
