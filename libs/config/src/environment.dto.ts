import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  isFQDN,
  isIP,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { parseRedisTopology } from './redis-topology';

/** Turns a string of digits into a number, leaving anything else for the validator to refuse. */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
/** Turns true/false, yes/no, on/off, 1/0 into a boolean, leaving anything else for the validator to refuse. */
export const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  return value;
};

/** false, true, a hop count, or proxy addresses/subnets (Express's `trust proxy` forms). */
const PROXY_ADDRESS = String.raw`(loopback|linklocal|uniquelocal|\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(/\d{1,3})?)`;
const TRUST_PROXY_PATTERN = new RegExp(String.raw`^(true|false|\d|10|${PROXY_ADDRESS}(\s*,\s*${PROXY_ADDRESS})*)$`);

/** An address a server can listen on: an IPv4 or IPv6 literal, or a host name (`localhost`, a machine's name). */
const IsListenAddress = (message: string) =>
  ValidateBy({
    name: 'isListenAddress',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (isIP(value) || isFQDN(value, { require_tld: false })),
      defaultMessage: () => message,
    },
  });

/** REDIS_URL in one of its three forms (see parseRedisTopology), with the parser's reason when it is not. */
const IsRedisUrl = () =>
  ValidateBy({
    name: 'isRedisUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && redisUrlProblem(value) === null,
      defaultMessage: (args) => redisUrlProblem(String(args?.value)) ?? 'REDIS_URL is not valid',
    },
  });

function redisUrlProblem(url: string): string | null {
  try {
    parseRedisTopology(url);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Every environment variable the platform reads, with its rule (each domain validates its own). Messages name the
 * variable because a person reads them when a process refuses to start. docs/configuration.md lists the same
 * variables (a test checks it).
 */
export class EnvironmentDto {
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/.+|^sqlite:.+/, {
    message: 'DATABASE_URL must be mysql://user:password@host:port/database or sqlite:path/to/file.sqlite',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @MaxLength(2000, { message: 'REDIS_URL must be at most 2000 characters' })
  @IsRedisUrl()
  REDIS_URL?: string;

  @IsOptional()
  @MaxLength(200, { message: 'REDIS_SENTINEL_PASSWORD must be at most 200 characters' })
  REDIS_SENTINEL_PASSWORD?: string;

  @IsOptional()
  @MaxLength(1000, { message: 'REDIS_TLS_CA_FILE must be a file path of at most 1000 characters' })
  REDIS_TLS_CA_FILE?: string;

  @IsOptional()
  @MaxLength(1000, { message: 'REDIS_TLS_CERT_FILE must be a file path of at most 1000 characters' })
  REDIS_TLS_CERT_FILE?: string;

  @IsOptional()
  @MaxLength(1000, { message: 'REDIS_TLS_KEY_FILE must be a file path of at most 1000 characters' })
  REDIS_TLS_KEY_FILE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'REDIS_TLS_SERVERNAME must be a host name (letters, digits, . and -)' })
  REDIS_TLS_SERVERNAME?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+\/?$/, {
    message: 'CHROMA_URL must be the http(s) URL of a Chroma server, such as http://127.0.0.1:8000',
  })
  CHROMA_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'REDIS_PREFIX must be 1–40 letters, digits, - or _' })
  REDIS_PREFIX?: string;

  @IsOptional()
  @IsString({ message: 'RELAIS_DATA_DIR must be a directory path' })
  RELAIS_DATA_DIR?: string;

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error'], { message: 'LOG_LEVEL must be one of debug, info, warn, error' })
  LOG_LEVEL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/, {
    message: 'RELAIS_TIMEZONE must be an IANA time zone such as Europe/Paris',
  })
  RELAIS_TIMEZONE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_CONCURRENCY must be an integer between 1 and 1000' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be an integer between 1 and 1000' })
  @Max(1000, { message: 'WORKER_CONCURRENCY must be an integer between 1 and 1000' })
  WORKER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_GRACE_MS must be an integer number of milliseconds ≥ 0' })
  @Min(0, { message: 'SHUTDOWN_GRACE_MS must be an integer number of milliseconds ≥ 0' })
  SHUTDOWN_GRACE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_LOCK_DURATION_MS must be an integer number of milliseconds ≥ 1000' })
  @Min(1000, { message: 'WORKER_LOCK_DURATION_MS must be an integer number of milliseconds ≥ 1000' })
  WORKER_LOCK_DURATION_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_STALLED_INTERVAL_MS must be an integer number of milliseconds ≥ 500' })
  @Min(500, { message: 'WORKER_STALLED_INTERVAL_MS must be an integer number of milliseconds ≥ 500' })
  WORKER_STALLED_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKER_MAX_STALLED_COUNT must be an integer ≥ 0' })
  @Min(0, { message: 'WORKER_MAX_STALLED_COUNT must be an integer ≥ 0' })
  WORKER_MAX_STALLED_COUNT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JOBS_KEEP_COMPLETED must be an integer ≥ 0' })
  @Min(0, { message: 'JOBS_KEEP_COMPLETED must be an integer ≥ 0' })
  JOBS_KEEP_COMPLETED?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JOBS_KEEP_FAILED must be an integer ≥ 0' })
  @Min(0, { message: 'JOBS_KEEP_FAILED must be an integer ≥ 0' })
  JOBS_KEEP_FAILED?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WRITE_BEHIND_FLUSH_MS must be an integer number of milliseconds between 1 and 1000' })
  @Min(1, { message: 'WRITE_BEHIND_FLUSH_MS must be an integer number of milliseconds between 1 and 1000' })
  @Max(1000, { message: 'WRITE_BEHIND_FLUSH_MS must be an integer number of milliseconds between 1 and 1000' })
  WRITE_BEHIND_FLUSH_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'RECONCILE_INTERVAL_MS must be an integer number of milliseconds ≥ 1000' })
  @Min(1000, { message: 'RECONCILE_INTERVAL_MS must be an integer number of milliseconds ≥ 1000' })
  RECONCILE_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'RECONCILE_GRACE_MS must be an integer number of milliseconds ≥ 0' })
  @Min(0, { message: 'RECONCILE_GRACE_MS must be an integer number of milliseconds ≥ 0' })
  RECONCILE_GRACE_MS?: number;

  @IsOptional()
  @IsString({ message: 'HEALTH_DIRECTORIES must be a comma-separated list of directories' })
  HEALTH_DIRECTORIES?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'GATEWAY_PORT must be a TCP port number (1–65535)' })
  @Min(1, { message: 'GATEWAY_PORT must be a TCP port number (1–65535)' })
  @Max(65535, { message: 'GATEWAY_PORT must be a TCP port number (1–65535)' })
  GATEWAY_PORT?: number;

  @IsOptional()
  @MaxLength(253, { message: 'GATEWAY_HOST must be at most 253 characters' })
  @IsListenAddress(
    'GATEWAY_HOST must be an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every ' +
      'interface), or one address or host name of this machine',
  )
  GATEWAY_HOST?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'SCHEDULER_SYNC_CATALOGUE must be true or false' })
  SCHEDULER_SYNC_CATALOGUE?: boolean;

  // --- Gateway security -------------------------------------------------------------------------------------
  @IsOptional()
  @MinLength(24, { message: 'RELAIS_ADMIN_TOKEN must be at least 24 characters' })
  @MaxLength(200, { message: 'RELAIS_ADMIN_TOKEN must be at most 200 characters' })
  RELAIS_ADMIN_TOKEN?: string;

  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^,\s]+(,\s*https?:\/\/[^,\s]+)*)$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of origins such as https://ops.example.org',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message:
      'TRUST_PROXY must be false, true, a number of proxy hops (0–10), or a comma-separated list of proxy ' +
      'addresses or subnets (loopback, linklocal, uniquelocal, 10.0.0.0/8, ::1…)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be an integer between 1 and 1000000' })
  @Min(1, { message: 'RATE_LIMIT_PER_MINUTE must be an integer between 1 and 1000000' })
  @Max(1_000_000, { message: 'RATE_LIMIT_PER_MINUTE must be an integer between 1 and 1000000' })
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'BODY_LIMIT_KB must be an integer number of kilobytes between 1 and 102400' })
  @Min(1, { message: 'BODY_LIMIT_KB must be an integer number of kilobytes between 1 and 102400' })
  @Max(102_400, { message: 'BODY_LIMIT_KB must be an integer number of kilobytes between 1 and 102400' })
  BODY_LIMIT_KB?: number;

  // --- Outgoing HTTP (every integration client) -------------------------------------------------------------
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HTTP_TIMEOUT_MS must be an integer number of milliseconds between 100 and 600000' })
  @Min(100, { message: 'HTTP_TIMEOUT_MS must be an integer number of milliseconds between 100 and 600000' })
  @Max(600_000, { message: 'HTTP_TIMEOUT_MS must be an integer number of milliseconds between 100 and 600000' })
  HTTP_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HTTP_MAX_RETRIES must be an integer between 0 and 10' })
  @Min(0, { message: 'HTTP_MAX_RETRIES must be an integer between 0 and 10' })
  @Max(10, { message: 'HTTP_MAX_RETRIES must be an integer between 0 and 10' })
  HTTP_MAX_RETRIES?: number;
}
