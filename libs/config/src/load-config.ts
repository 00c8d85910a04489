import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { config as loadDotenv } from 'dotenv';
import { resolve } from 'node:path';
import { ConfigError } from './config.error';
import { EnvironmentDto } from './environment.dto';
import type { RelaisConfig } from './relais-config';

/**
 * Reads the environment (after `.env`, which never overrides a variable already set) and validates it once.
 * Throws ConfigError naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): RelaisConfig {
  if (options.dotenv ?? env === process.env) loadDotenv({ quiet: true });
  const source = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const dto = plainToInstance(EnvironmentDto, source);
  const errors = validateSync(dto, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `${message} (got ${JSON.stringify(error.value)})`),
    );
    throw new ConfigError([...new Set(problems)]);
  }
  return toRelaisConfig(dto);
}

function toRelaisConfig(env: EnvironmentDto): RelaisConfig {
  const dataDir = resolve(env.RELAIS_DATA_DIR ?? './data');
  return {
    dataDir,
    database: databaseFrom(env.DATABASE_URL, dataDir),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.REDIS_PREFIX ?? 'relais',
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
    scrutart: scrutartFrom(env),
    secrets: secretsOf(env),
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

function databaseFrom(url: string | undefined, dataDir: string): RelaisConfig['database'] {
  if (!url) return { kind: 'sqlite', path: resolve(dataDir, 'relais.sqlite') };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(url.slice('sqlite:'.length)) };
  return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

function scrutartFrom(env: EnvironmentDto): RelaisConfig['scrutart'] {
  return {
    wikidataApiUrl: env.WIKIDATA_API_URL ?? 'https://www.wikidata.org/w/api.php',
    wikidataSparqlUrl: env.WIKIDATA_SPARQL_URL ?? 'https://query.wikidata.org/sparql',
    userAgent:
      env.WIKIMEDIA_USER_AGENT ?? 'Relais/0.1 (https://github.com/relais-automation/relais; ops@relais.invalid)',
    wikidataMaxConcurrent: env.WIKIDATA_MAX_CONCURRENT ?? 5,
    wikidataCacheTtlMs: env.WIKIDATA_CACHE_TTL_MS ?? 60 * 60 * 1000,
    commonsFileUrl: env.COMMONS_FILE_URL ?? 'https://commons.wikimedia.org/wiki/Special:FilePath/',
    wordpress: env.WORDPRESS_URL
      ? {
          url: env.WORDPRESS_URL.replace(/\/+$/, ''),
          username: env.WORDPRESS_USERNAME ?? '',
          appPassword: env.WORDPRESS_APP_PASSWORD ?? '',
          contentType: (env.WORDPRESS_CONTENT_TYPE ?? 'pages') as 'pages' | 'posts',
        }
      : null,
    piwigo: env.PIWIGO_URL
      ? {
          url: env.PIWIGO_URL.replace(/\/+$/, ''),
          username: env.PIWIGO_USERNAME ?? '',
          password: env.PIWIGO_PASSWORD ?? '',
          parentCategoryId: env.PIWIGO_PARENT_CATEGORY_ID ?? null,
        }
      : null,
    imageLimit: env.SCRUTART_IMAGE_LIMIT ?? 50,
  };
}

/** Secret values: explicit secrets, and the password part of connection URLs. */
function secretsOf(env: EnvironmentDto): string[] {
  const urlPasswords = [env.DATABASE_URL, env.REDIS_URL].flatMap((url) => {
    const match = url ? /^[a-z]+:\/\/[^:/@]*:([^@]+)@/.exec(url) : null;
    return match ? [decodeURIComponent(match[1])] : [];
  });
  const explicit = [env.RELAIS_ADMIN_TOKEN, env.WORDPRESS_APP_PASSWORD, env.PIWIGO_PASSWORD];
  // Very short values would redact ordinary words from every log line.
  return [...explicit, ...urlPasswords].filter((value): value is string => !!value && value.length >= 4);
}
