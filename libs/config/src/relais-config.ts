import type { RedisTopology } from './redis-topology';

/** The validated, typed configuration every Relais process runs on. */
export interface RelaisConfig {
  dataDir: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string };
  /** REDIS_URL as given (for a Sentinel group or a Cluster, not a URL a plain client can open: use `redis`). */
  redisUrl: string;
  /** Where Redis is: one server, a Sentinel group or a Cluster (every connection opens through it). */
  redis: RedisTopology;
  /**
   * The Chroma server (CHROMA_URL) of the vector index, without a trailing slash; null when unset (`npm start`
   * sets it for the processes it runs, the local Chroma it starts or the one CHROMA_URL names).
   */
  chromaUrl: string | null;
  /**
   * Prefix of every Redis key and channel Relais uses (BullMQ queues, pub/sub, locks): REDIS_PREFIX, in braces on
   * a Cluster (`{relais}`, the hash tag that keeps every key in one slot).
   */
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
  gateway: {
    port: number;
    /** Address the gateway listens on (GATEWAY_HOST): loopback by default, `0.0.0.0` or `::` for every interface. */
    host: string;
    /** Bootstrap admin token from the environment; without it the gateway creates one at first start. */
    adminToken: string | null;
    /** Allowed cross-origin origins; empty means same-origin only, `['*']` any origin. */
    corsOrigins: string[];
    /**
     * Express's `trust proxy`: which proxies may tell the client's address in X-Forwarded-For (false: none,
     * the socket's address is the client's; a number: that many hops; a list: those addresses or subnets).
     */
    trustProxy: boolean | number | string[];
    /** Requests per minute per client (token, or IP without one). */
    rateLimitPerMinute: number;
    bodyLimitBytes: number;
  };
  /** Defaults every outgoing HTTP client starts from (a domain's settings may refine them). */
  http: { timeoutMs: number; maxRetries: number };
  /**
   * Each domain's validated settings, by domain name (read them with `domainSettingsOf(config, DOMAIN)` from
   * @relais/domain-kit, which types them by the domain's declaration).
   */
  domains: Readonly<Record<string, unknown>>;
  /**
   * Every secret value of this configuration (tokens, passwords, credentials inside URLs): log output and API
   * responses are scrubbed of them.
   */
  secrets: string[];
  scheduler: { syncCatalogue: boolean };
}
