/** The validated, typed configuration every Relais process runs on. */
export interface RelaisConfig {
  dataDir: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };
  redisUrl: string;
  /** Prefix of every Redis key and channel Relais uses (BullMQ queues, pub/sub, locks). */
  redisPrefix: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  timezone: string;
  worker: {
    concurrency: number;
    shutdownGraceMs: number;
    lockDurationMs: number;
    stalledIntervalMs: number;
    maxStalledCount: number;
  };
  jobs: { keepCompleted: number; keepFailed: number };
  writeBehindFlushMs: number;
  reconciler: { intervalMs: number; graceMs: number };
  healthDirectories: string[];
  gateway: { port: number };
  scheduler: { syncCatalogue: boolean };
}
