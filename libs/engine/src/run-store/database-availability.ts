import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqliteConnectionOf } from '@relais/persistence';
import { errorMessage } from '../errors';
import { outageOf } from '../infrastructure/outage';

/** How long the SQLite probe waits for the write lock: short, as better-sqlite3 blocks the event loop meanwhile. */
const SQLITE_PROBE_BUSY_MS = 50;

/**
 * Whether this process can reach its database, as a worker sees it. A database call that fails because the
 * database is unreachable or refuses work (`outageOf`) marks it down; from then on a probe asks it, every
 * 250 ms at first and then less often (up to every 5 s), until it answers, and marks it up again. Whoever holds
 * work until then (the write buffer, the worker taking jobs, a step about to start) waits on `whenUp()` or
 * listens to `onChange()`.
 *
 * The probe is a query for MySQL/MariaDB (the server answers, or not) and, for SQLite, taking the write lock
 * and letting it go at once (reads work under another process's write lock; the outage is that writes do not).
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private down: { since: number; cause: string } | null = null;
  private waiters: (() => void)[] = [];
  private readonly listeners: ((up: boolean) => void)[] = [];
  private probeTimer: NodeJS.Timeout | null = null;
  private probeDelayMs = 250;
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  get isDown(): boolean {
    return this.down !== null;
  }

  /**
   * Notes a failed database call. True if `error` says the database is unavailable (it is then marked down,
   * and the caller should hold its work until `whenUp()`); false for any other error, which is the caller's.
   */
  noteFailure(error: unknown): boolean {
    if (outageOf(error) !== 'database') return false;
    this.markDown(error);
    return true;
  }

  /**
   * Whether an error that reached the engine from elsewhere (a flow's own call) means that this database is
   * unavailable: it looks like a database outage, and this one is down or does not answer a probe now. A flow may
   * use a database of its own, whose outage is the flow's failure, not the engine's.
   */
  async confirmsOutage(error: unknown): Promise<boolean> {
    if (outageOf(error) !== 'database') return false;
    if (this.down) return true;
    try {
      await this.ping();
      return false;
    } catch (probeError) {
      this.markDown(probeError);
      return true;
    }
  }

  /** Resolves at once if the database is up, else when a probe finds it back; rejects if `signal` aborts first. */
  whenUp(signal?: AbortSignal): Promise<void> {
    if (!this.down) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        reject(signal?.reason as Error);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * `call`, and again once the database is back for as long as it fails because the database is unavailable:
   * for the engine's own reads and writes in the middle of an attempt, which must neither fail the attempt nor
   * be dropped. Any other error is thrown; so is the signal's reason if it aborts while waiting.
   */
  async whileUp<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      await this.whenUp(signal);
      try {
        return await call();
      } catch (error) {
        if (!this.noteFailure(error)) throw error;
      }
    }
  }

  /** `listener(false)` when the database goes down, `listener(true)` when it is back. */
  onChange(listener: (up: boolean) => void): void {
    this.listeners.push(listener);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private markDown(cause: unknown): void {
    if (this.down) return;
    this.down = { since: Date.now(), cause: errorMessage(cause) };
    this.logger.warn(`Database unavailable (${this.down.cause}): holding its writes until it answers again`);
    this.notify(false);
    this.probeDelayMs = 250;
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe();
    }, this.probeDelayMs);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    if (!this.down || this.closed) return;
    try {
      await this.ping();
    } catch {
      this.probeDelayMs = Math.min(5000, this.probeDelayMs * 2);
      this.scheduleProbe();
      return;
    }
    const outage = this.down;
    this.down = null;
    this.logger.log(`Database available again after ${((Date.now() - outage.since) / 1000).toFixed(1)} s`);
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
    this.notify(true);
  }

  private async ping(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('The database connection is closed');
    const db = sqliteConnectionOf(this.dataSource);
    if (!db) {
      await this.dataSource.query('SELECT 1');
      return;
    }
    // A transaction of this process is open on the connection: the lock is ours, the next probe will tell.
    if (db.inTransaction) throw new Error('A transaction is open');
    const busyTimeout = Number(db.pragma('busy_timeout', { simple: true }));
    db.pragma(`busy_timeout = ${SQLITE_PROBE_BUSY_MS}`);
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
    } finally {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  private notify(up: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener(up);
      } catch (error) {
        this.logger.error(`A listener of the database's availability failed: ${errorMessage(error)}`);
      }
    }
  }
}
