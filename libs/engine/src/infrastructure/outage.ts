/** Which backing service an error says is away: the database, or Redis (queues, events, locks). */
export type OutageOf = 'database' | 'redis';

/** Network failures of a client that could not reach its server (or lost it mid-query). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);
/** MySQL/MariaDB refusing work for a passing reason (too many connections, server shutting down, lock wait). */
const MYSQL_BUSY_CODES = new Set([
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'POOL_CLOSED',
]);
/**
 * SQLite's outages (extended codes begin with these): another process held the write lock longer than the busy
 * timeout, the disk is full, the file system failed or was remounted read-only. SQLite has no server to lose;
 * these are what "the database is unavailable" looks like on a local file.
 */
const SQLITE_OUTAGE_CODES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY'];
/** What ioredis throws for a command it could not send (no offline queue, retries spent, connection closed). */
const REDIS_MESSAGES = ["Stream isn't writeable", 'Reached the max retries per request limit', 'Connection is closed'];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/**
 * The backing service `error` says is unreachable or too busy right now, or undefined for any other error. A
 * caller answers such an error "try again later" (HTTP 503 with Retry-After), not "bug" (500): the request may
 * well succeed in a few seconds, and a client that retries is right to.
 */
export function outageOf(error: unknown): OutageOf | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const candidate = current as ErrorLike;
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (candidate.name === 'MaxRetriesPerRequestError') return 'redis';
    if (REDIS_MESSAGES.some((text) => message.includes(text))) return 'redis';
    if (code && (MYSQL_BUSY_CODES.has(code) || SQLITE_OUTAGE_CODES.some((prefix) => isCode(code, prefix)))) {
      return 'database';
    }
    if (code && NETWORK_CODES.has(code)) {
      // A TypeORM or mysql2 error (it carries a driver error, an SQL message or an errno) is the database's.
      const fromDatabase =
        candidate.driverError !== undefined || candidate.sqlMessage !== undefined || 'fatal' in candidate;
      return fromDatabase || depth > 0 ? 'database' : 'redis';
    }
    current = candidate.driverError ?? candidate.cause;
  }
  return undefined;
}

/** `code` is `base` or one of its extended codes (`SQLITE_IOERR_WRITE` for `SQLITE_IOERR`). */
function isCode(code: string, base: string): boolean {
  return code === base || code.startsWith(`${base}_`);
}
