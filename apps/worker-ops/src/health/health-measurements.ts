// What the probes measured. Every shape is plain JSON (no undefined, no Date, no NaN) because each probe group
// runs as a durable step whose result the engine stores and replays on a retried attempt.

/** A dependency answered. */
export interface ProbeUp {
  state: 'up';
  latencyMs: number;
}

/** A dependency failed to answer, or answered with an error, within the probe timeout. */
export interface ProbeDown {
  state: 'down';
  error: string;
  elapsedMs: number;
}

export interface NotConfigured {
  state: 'not-configured';
}

export interface CpuMeasurement {
  /** Busy share of all cores over the sample; null when the platform reports no CPUs. */
  percent: number | null;
  perCpuPercent: number[];
  sampleMs: number;
}

export interface MemoryMeasurement {
  percent: number;
  totalBytes: number;
  availableBytes: number;
  /** `proc-meminfo` counts reclaimable cache as available; `os` (other platforms) may not. */
  source: 'proc-meminfo' | 'os';
}

export type DiskMeasurement =
  | {
      path: string;
      /** Nearest existing ancestor of `path` when `path` itself does not exist yet: the same filesystem. */
      measuredPath: string;
      percent: number;
      totalBytes: number;
      availableBytes: number;
    }
  | { path: string; error: string };

export interface ProcessMeasurement {
  pid: number;
  rssBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
}

export interface SystemMeasurement {
  cpu: CpuMeasurement;
  memory: MemoryMeasurement;
  disk: DiskMeasurement;
  process: ProcessMeasurement;
}

export type RedisMeasurement =
  | (ProbeUp & {
      usedMemoryBytes: number | null;
      /** 0 means no limit. */
      maxMemoryBytes: number | null;
      /** Why INFO memory gave nothing while PING worked; null when it did. */
      infoError: string | null;
    })
  | ProbeDown;

export type DatabaseMeasurement = (ProbeUp & { type: string }) | (ProbeDown & { type: string });

export type ChromaMeasurement = (ProbeUp & { url: string }) | (ProbeDown & { url: string }) | NotConfigured;

/** BullMQ job counts of one queue; `prioritized` jobs wait too, in their own set since BullMQ 4. */
export interface QueueJobCounts {
  waiting: number;
  prioritized: number;
  delayed: number;
  active: number;
  failed: number;
  completed: number;
}

export type QueueMeasurement = { queue: string; counts: QueueJobCounts } | { queue: string; error: string };

export interface DirectoryMeasurement {
  path: string;
  exists: boolean;
  writable: boolean;
  /** Why the directory is missing or not writable; null when it is fine. */
  error: string | null;
}

/** Everything one health check measured; the input of `scoreHealth`. */
export interface HealthMeasurements {
  system: SystemMeasurement;
  redis: RedisMeasurement;
  database: DatabaseMeasurement;
  chroma: ChromaMeasurement;
  queues: QueueMeasurement[];
  directories: DirectoryMeasurement[];
}
