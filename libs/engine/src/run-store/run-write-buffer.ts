import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import {
  FlowRunRepository,
  RunLogRepository,
  StepRunRepository,
  type RunLogEntity,
  type RunUpdate,
  type StepRunEntity,
} from '@relais/persistence';
import { errorMessage } from '../errors';
import { outageOf } from '../infrastructure/outage';
import { SecretRedactor } from '../logging/secret-redactor';
import { DatabaseAvailability } from './database-availability';

type LogRow = Omit<RunLogEntity, 'id'>;

/**
 * Write-behind buffer for run state, step rows and log lines, with group commit. Writes nobody waits for (logs,
 * progress, RUNNING) gather for WRITE_BEHIND_FLUSH_MS; a caller that needs durability (a terminal state, before
 * BullMQ is told the job ended) awaits `flushed()`, which starts a flush at once or, if one is in flight, joins
 * the next one: every run finishing meanwhile shares that batch. Updates to the same run or step coalesce
 * (RUNNING then COMPLETED becomes one write).
 *
 * While the database is unavailable (DatabaseAvailability) nothing is dropped: a batch that failed for that
 * reason goes back in front of what came since, no write is tried until a probe finds the database back, and
 * `flushed()` waits until then. What is held is bounded by the runs in flight (their updates and steps coalesce,
 * and a step does not start while its run's records are held: `hasRoom()`/`waitForRoom()`), except log lines,
 * which a flow may write without steps: past HELD_LOG_LINES the newest are counted and dropped.
 */
@Injectable()
export class RunWriteBuffer implements OnApplicationShutdown {
  private readonly logger = new Logger(RunWriteBuffer.name);
  private runUpdates = new Map<string, RunUpdate>();
  private steps = new Map<string, StepRunEntity>();
  private logs: LogRow[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private flushSoon = false;
  private waitingForDatabase = false;
  /** Log lines dropped while the database was away, past HELD_LOG_LINES. */
  private droppedLogLines = 0;
  private readonly maxBatch = 1000;
  /** Every log line, run and step error and progress message of a flow passes here on its way to the database. */
  private readonly redactor = new SecretRedactor(this.config.secrets);

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly runs: FlowRunRepository,
    private readonly stepRuns: StepRunRepository,
    private readonly runLogs: RunLogRepository,
    private readonly database: DatabaseAvailability,
  ) {}

  /** Queues a partial update of a run; later updates of the same run win field by field. */
  updateRun(update: RunUpdate): void {
    update = { ...update, set: this.scrubbed(update.set) };
    const pending = this.runUpdates.get(update.id);
    this.runUpdates.set(
      update.id,
      pending ? { id: update.id, set: { ...pending.set, ...update.set }, onlyIfActive: update.onlyIfActive } : update,
    );
    this.scheduleLazyFlush();
  }

  upsertStep(step: StepRunEntity): void {
    this.steps.set(stepKeyOf(step), { ...step, error: this.redactor.redactNullable(step.error) });
    this.scheduleLazyFlush();
  }

  appendLog(line: LogRow): void {
    if (this.database.isDown && this.logs.length >= HELD_LOG_LINES) {
      this.droppedLogLines++;
      return;
    }
    this.logs.push({ ...line, message: this.redactor.redact(line.message) });
    this.scheduleLazyFlush();
  }

  /**
   * Resolves once everything queued so far is in the database; rejects if that batch failed for another reason
   * than the database being unavailable (while it is, this waits).
   */
  flushed(): Promise<void> {
    if (this.isEmpty() && !this.inFlight && this.waiters.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      // Deferred to the end of this turn of the event loop so that every run finishing in it joins the batch.
      if (!this.inFlight && !this.flushSoon) {
        this.flushSoon = true;
        setImmediate(() => {
          this.flushSoon = false;
          this.startFlushIfPossible();
        });
      }
    });
  }

  /**
   * False while the database is unavailable or too much waits to be written: a step should not start (its effect
   * would happen with no way to record it), but wait for `waitForRoom()`.
   */
  hasRoom(): boolean {
    return !this.database.isDown && this.size() < HELD_ITEMS;
  }

  /** Resolves once the database is back and what was queued so far is written; rejects if `signal` aborts first. */
  async waitForRoom(signal: AbortSignal): Promise<void> {
    while (!this.hasRoom()) {
      await this.database.whenUp(signal);
      await abortable(this.flushed(), signal);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Bounded: a database still away at shutdown must not keep the process from exiting.
    const limitMs = Math.max(5000, this.config.worker.shutdownGraceMs);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
    });
    try {
      const outcome = await Promise.race([this.flushed().then(() => 'flushed' as const), timedOut]);
      if (outcome === 'timeout') {
        this.logger.error(
          `Lost ${this.describe(this.size())} at shutdown: the database was still unavailable after ${limitMs} ms`,
        );
      }
    } catch (error) {
      this.logger.error(`Final flush failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The update with its error and progress message redacted. Only fields the update sets are touched: an
   * `undefined` added here would erase the pending value of that field when updates of the run coalesce.
   */
  private scrubbed(set: RunUpdate['set']): RunUpdate['set'] {
    let scrubbed = set;
    if (typeof set.error === 'string') scrubbed = { ...scrubbed, error: this.redactor.redact(set.error) };
    if (typeof set.progressMessage === 'string') {
      scrubbed = { ...scrubbed, progressMessage: this.redactor.redact(set.progressMessage) };
    }
    return scrubbed;
  }

  private isEmpty(): boolean {
    return this.runUpdates.size === 0 && this.steps.size === 0 && this.logs.length === 0;
  }

  private size(): number {
    return this.runUpdates.size + this.steps.size + this.logs.length;
  }

  private describe(items: number): string {
    return `${items} run update${items === 1 ? '' : 's'}, steps and log lines`;
  }

  private scheduleLazyFlush(): void {
    if (this.database.isDown) {
      this.flushWhenDatabaseIsBack();
      return;
    }
    if (this.size() >= this.maxBatch && !this.inFlight) this.startFlush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.startFlushIfPossible();
      }, this.config.writeBehindFlushMs);
    }
  }

  /** Starts a flush unless one is in flight or the database is away (then once it is back). */
  private startFlushIfPossible(): void {
    if (this.inFlight) return;
    if (this.database.isDown) this.flushWhenDatabaseIsBack();
    else this.startFlush();
  }

  private flushWhenDatabaseIsBack(): void {
    if (this.waitingForDatabase) return;
    this.waitingForDatabase = true;
    void this.database.whenUp().then(() => {
      this.waitingForDatabase = false;
      if (this.droppedLogLines > 0) {
        this.logger.error(
          `${this.droppedLogLines} run log lines were dropped while the database was unavailable (at most ${HELD_LOG_LINES} are held)`,
        );
        this.droppedLogLines = 0;
      }
      if (!this.isEmpty() || this.waiters.length > 0) this.startFlushIfPossible();
    });
  }

  /** One flush at a time: what arrives meanwhile waits for the next, which starts as soon as this one ends. */
  private startFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch: Batch = {
      runUpdates: [...this.runUpdates.values()],
      steps: [...this.steps.values()],
      logs: this.logs,
      waiters: this.waiters,
    };
    this.runUpdates = new Map();
    this.steps = new Map();
    this.logs = [];
    this.waiters = [];
    this.inFlight = (async () => {
      try {
        const unwritten = await this.write(batch);
        if (unwritten) this.holdAgain(unwritten);
        else for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        const { runUpdates, steps, logs } = batch;
        this.logger.error(
          `Lost a batch of ${runUpdates.length} run updates, ${steps.length} steps, ${logs.length} log lines: ${errorMessage(error)}`,
        );
        for (const waiter of batch.waiters) waiter.reject(error);
      } finally {
        this.inFlight = null;
        if (this.database.isDown) {
          if (!this.isEmpty() || this.waiters.length > 0) this.flushWhenDatabaseIsBack();
        } else if (this.waiters.length > 0) this.startFlush();
        else if (!this.isEmpty()) this.scheduleLazyFlush();
      }
    })();
  }

  /**
   * Writes the batch: steps and log lines before the runs' states, so that a reader that sees a run ended (the
   * API's `complete` log page, `--follow`) has every line of it already. Returns what was not written because
   * the database is unavailable (null once all is written); throws for any other failure, after a few tries.
   * Each part is tried on its own, so that a retry never inserts the same log lines twice.
   */
  private async write(batch: Batch): Promise<Batch | null> {
    let stepsWritten = false;
    let logsWritten = 0;
    try {
      await this.writeWithRetry(() => this.stepRuns.upsertMany(batch.steps));
      stepsWritten = true;
      while (logsWritten < batch.logs.length) {
        const chunk = batch.logs.slice(logsWritten, logsWritten + LOG_CHUNK);
        await this.writeWithRetry(() => this.runLogs.insertMany(chunk));
        logsWritten += chunk.length;
      }
      await this.writeWithRetry(() => this.runs.applyUpdates(batch.runUpdates));
      return null;
    } catch (error) {
      if (!this.database.noteFailure(error)) throw error;
      return {
        runUpdates: batch.runUpdates,
        steps: stepsWritten ? [] : batch.steps,
        logs: batch.logs.slice(logsWritten),
        waiters: batch.waiters,
      };
    }
  }

  /** Puts back what a flush could not write, older than anything queued since: later updates still win. */
  private holdAgain(unwritten: Batch): void {
    const runUpdates = new Map<string, RunUpdate>();
    for (const update of unwritten.runUpdates) runUpdates.set(update.id, update);
    for (const [id, update] of this.runUpdates) {
      const older = runUpdates.get(id);
      runUpdates.set(
        id,
        older ? { id, set: { ...older.set, ...update.set }, onlyIfActive: update.onlyIfActive } : update,
      );
    }
    const steps = new Map<string, StepRunEntity>();
    for (const step of unwritten.steps) steps.set(stepKeyOf(step), step);
    for (const [key, step] of this.steps) steps.set(key, step);
    this.runUpdates = runUpdates;
    this.steps = steps;
    this.logs = [...unwritten.logs, ...this.logs];
    this.waiters = [...unwritten.waiters, ...this.waiters];
  }

  /**
   * Another failure than the database being away (a statement the server refused) gets a few chances before
   * the batch is given up; the database being away is returned at once (the batch is held, not retried).
   */
  private async writeWithRetry(write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (attempt >= 4 || outageOf(error) === 'database') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  runUpdates: RunUpdate[];
  steps: StepRunEntity[];
  logs: LogRow[];
  waiters: Waiter[];
}

/** Log lines per INSERT: each chunk is written (and retried) on its own. */
const LOG_CHUNK = 300;
/** Past this many pending items a step waits before it starts (back-pressure). */
const HELD_ITEMS = 10_000;
/** Log lines held while the database is away; newer ones are dropped and counted. */
const HELD_LOG_LINES = 100_000;

function stepKeyOf(step: StepRunEntity): string {
  return `${step.runId}\u0000${step.stepKey}`;
}

/** `promise`, or the signal's reason if it aborts first. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      reject(reasonOf(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  return Promise.race([promise, aborted]).finally(() => {
    signal.removeEventListener('abort', onAbort);
  });
}

function reasonOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}
