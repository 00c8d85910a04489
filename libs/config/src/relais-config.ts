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
  /** Settings every outgoing HTTP client shares. */
  http: { timeoutMs: number; maxRetries: number };
  scrutart: {
    wikidataApiUrl: string;
    wikidataSparqlUrl: string;
    userAgent: string;
    wikidataMaxConcurrent: number;
    wikidataCacheTtlMs: number;
    commonsFileUrl: string;
    /** Null when WORDPRESS_URL is unset: pages stay as drafts in the database. */
    wordpress: { url: string; username: string; appPassword: string; contentType: 'pages' | 'posts' } | null;
    /** Null when PIWIGO_URL is unset: no gallery is published. */
    piwigo: { url: string; username: string; password: string; parentCategoryId: number | null } | null;
    imageLimit: number;
  };
  /**
   * Every secret value of this configuration (tokens, passwords, credentials inside URLs): log output and API
   * responses are scrubbed of them.
   */
  secrets: string[];
  scheduler: { syncCatalogue: boolean };
}
