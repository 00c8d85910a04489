import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { config as loadDotenv } from 'dotenv';
import { resolve } from 'node:path';
import { ConfigError } from './config.error';
import { EnvironmentDto } from './environment.dto';
import type { RelaisConfig } from './relais-config';
import { parseRedisTopology, readRedisTls, type RedisTls } from './redis-topology';

/** The part of a domain declaration the loader reads (RelaisDomain from @relais/domain-kit has it). */
export interface DomainWithSettings {
  name: string;
  settings?: {
    environment: new () => object;
    load(
      environment: object,
      platform: { http: RelaisConfig['http']; dataDir: string; chromaUrl: string | null },
    ): unknown;
    secrets(settings: never, environment: object): string[];
  };
}

export interface LoadConfigOptions {
  /** Read `.env` first (default: when reading process.env). */
  dotenv?: boolean;
  /** The domains whose variables are validated too, each by its own class, into `config.domains`. */
  domains?: readonly DomainWithSettings[];
}

/**
 * Reads the environment (after `.env`, which never overrides a variable already set) and validates it once: the
 * platform's variables and each domain's, so that a process refusing to start lists every problem at once.
 * Throws ConfigError naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): RelaisConfig {
  if (options.dotenv ?? env === process.env) loadDotenv({ quiet: true });
  const source = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const platform = validated(EnvironmentDto, source);
  const domains = (options.domains ?? []).map((domain) => ({
    domain,
    environment: domain.settings ? validated(domain.settings.environment, source) : null,
  }));
  const problems = [platform, ...domains.map((entry) => entry.environment)].flatMap((result) => result?.problems ?? []);
  const redisTls = platform.problems.length === 0 ? redisTlsOf(platform.instance, problems) : {};
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const config = toRelaisConfig(platform.instance, redisTls);
  const settings: Record<string, unknown> = {};
  const secrets = [...config.secrets];
  for (const { domain, environment } of domains) {
    if (!domain.settings || !environment) {
      settings[domain.name] = undefined;
      continue;
    }
    const loaded = domain.settings.load(environment.instance, {
      http: config.http,
      dataDir: config.dataDir,
      chromaUrl: config.chromaUrl,
    });
    settings[domain.name] = loaded;
    secrets.push(...domain.settings.secrets(loaded as never, environment.instance));
  }
  return { ...config, domains: settings, secrets: meaningfulSecrets(secrets) };
}

/** An environment class filled from the variables, and the problems its rules found. */
function validated<T extends object>(type: new () => T, source: object): { instance: T; problems: string[] } {
  const instance = plainToInstance(type, source);
  const errors = validateSync(instance, { forbidUnknownValues: false });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${message} (got ${shownValue(error.property, error.value)})`,
    ),
  );
  return { instance, problems };
}

/** Variables whose whole value is a secret: a refusal says how long it was, never what it was. */
const SECRET_VARIABLES = /(TOKEN|PASSWORD|SECRET|API_KEY)/;

/**
 * A refused value as the configuration error may print it (it reaches terminals, CI logs and crash reports before
 * any redaction exists): secrets by their length only, and URLs with their credentials masked, even URLs too
 * malformed to parse (`mysql//root:pw@db`).
 */
function shownValue(variable: string, value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (SECRET_VARIABLES.test(variable)) return `a value of ${value.length} characters, not shown`;
  return JSON.stringify(value.replace(/(^|\/\/)[^/@\s]*@/g, '$1***@'));
}

/**
 * The REDIS_TLS_* settings, their files read; a file that cannot be read, a certificate without its key (or the
 * reverse), or TLS settings for a REDIS_URL without TLS are added to `problems`.
 */
function redisTlsOf(env: EnvironmentDto, problems: string[]): RedisTls {
  const set = (
    ['REDIS_TLS_CA_FILE', 'REDIS_TLS_CERT_FILE', 'REDIS_TLS_KEY_FILE', 'REDIS_TLS_SERVERNAME'] as const
  ).filter((variable) => env[variable] !== undefined);
  if (set.length === 0) return {};
  if (!/^rediss[:+]/.test(env.REDIS_URL ?? '')) {
    problems.push(`${set.join(', ')}: REDIS_URL does not use TLS (rediss://, rediss+sentinel://, rediss+cluster://)`);
  }
  if ((env.REDIS_TLS_CERT_FILE === undefined) !== (env.REDIS_TLS_KEY_FILE === undefined)) {
    problems.push('REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together (a client certificate and its key)');
  }
  try {
    return readRedisTls({
      REDIS_TLS_CA_FILE: env.REDIS_TLS_CA_FILE,
      REDIS_TLS_CERT_FILE: env.REDIS_TLS_CERT_FILE,
      REDIS_TLS_KEY_FILE: env.REDIS_TLS_KEY_FILE,
      REDIS_TLS_SERVERNAME: env.REDIS_TLS_SERVERNAME,
    });
  } catch (error) {
    problems.push((error as Error).message);
    return {};
  }
}

function toRelaisConfig(env: EnvironmentDto, redisTls: RedisTls): RelaisConfig {
  const dataDir = resolve(env.RELAIS_DATA_DIR ?? './data');
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = parseRedisTopology(redisUrl, env.REDIS_SENTINEL_PASSWORD, redisTls);
  const redisPrefix = env.REDIS_PREFIX ?? 'relais';
  return {
    dataDir,
    database: parseDatabaseUrl(env.DATABASE_URL, dataDir),
    redisUrl,
    redis,
    chromaUrl: env.CHROMA_URL?.replace(/\/+$/, '') ?? null,
    // On a Cluster, the prefix in braces is the hash tag of every key (BullMQ's and ours): they all hash to one
    // slot, as BullMQ's Lua scripts, which touch several keys of a queue (and a parent's in another queue), need.
    redisPrefix: redis.kind === 'cluster' ? `{${redisPrefix}}` : redisPrefix,
    logLevel: (env.LOG_LEVEL ?? 'info') as RelaisConfig['logLevel'],
    timezone: env.RELAIS_TIMEZONE ?? 'Europe/Paris',
    worker: {
      concurrency: env.WORKER_CONCURRENCY ?? 10,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? 30_000,
      lockDurationMs: env.WORKER_LOCK_DURATION_MS ?? 30_000,
      stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS ?? 30_000,
      maxStalledCount: env.WORKER_MAX_STALLED_COUNT ?? 1,
    },
    jobs: { keepCompleted: env.JOBS_KEEP_COMPLETED ?? 1000, keepFailed: env.JOBS_KEEP_FAILED ?? 5000 },
    writeBehindFlushMs: env.WRITE_BEHIND_FLUSH_MS ?? 10,
    reconciler: { intervalMs: env.RECONCILE_INTERVAL_MS ?? 60_000, graceMs: env.RECONCILE_GRACE_MS ?? 30_000 },
    healthDirectories: commaList(env.HEALTH_DIRECTORIES ?? dataDir).map((dir) => resolve(dir)),
    gateway: {
      port: env.GATEWAY_PORT ?? 3000,
      // Loopback unless asked: a gateway started on a laptop is not offered to the whole network.
      host: env.GATEWAY_HOST ?? '127.0.0.1',
      adminToken: env.RELAIS_ADMIN_TOKEN ?? null,
      corsOrigins: commaList(env.CORS_ORIGINS ?? ''),
      trustProxy: trustProxyFrom(env.TRUST_PROXY),
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE ?? 1200,
      bodyLimitBytes: (env.BODY_LIMIT_KB ?? 1024) * 1024,
    },
    http: { timeoutMs: env.HTTP_TIMEOUT_MS ?? 30_000, maxRetries: env.HTTP_MAX_RETRIES ?? 3 },
    domains: {},
    secrets: [...secretsOf(env), ...(redisTls.key ? [redisTls.key] : [])],
    scheduler: { syncCatalogue: env.SCHEDULER_SYNC_CATALOGUE ?? true },
  };
}

/** The non-empty items of a comma-separated list, trimmed. */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** TRUST_PROXY (already validated) in the form Express's `trust proxy` setting takes. */
function trustProxyFrom(value: string | undefined): boolean | number | string[] {
  const text = (value ?? 'false').trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  return commaList(text);
}

/**
 * A database URL in the form RelaisConfig takes: `sqlite:path` (relative to the working directory), or
 * `mysql://` / `mariadb://`. Unset means SQLite in the data directory.
 */
export function parseDatabaseUrl(url: string | undefined, dataDir: string): RelaisConfig['database'] {
  if (!url) return { kind: 'sqlite', path: resolve(dataDir, 'relais.sqlite') };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(url.slice('sqlite:'.length)) };
  return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

/** Secret values: explicit secrets, and the password part of connection URLs. */
function secretsOf(env: EnvironmentDto): string[] {
  const urlPasswords = [env.DATABASE_URL, env.REDIS_URL, env.CHROMA_URL].flatMap((url) => {
    const match = url ? /^[a-z+]+:\/\/[^:/@]*:([^@]+)@/.exec(url) : null;
    return match ? [decodeURIComponent(match[1])] : [];
  });
  return meaningfulSecrets([env.RELAIS_ADMIN_TOKEN, env.REDIS_SENTINEL_PASSWORD, ...urlPasswords]);
}

/** The secrets worth redacting, each once: very short values would redact ordinary words from every log line. */
function meaningfulSecrets(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value && value.length >= 4))];
}
