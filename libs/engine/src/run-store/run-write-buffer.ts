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
import { SecretRedactor } from '../logging/secret-redactor';

type LogRow = Omit<RunLogEntity, 'id'>;

/**
 * Write-behind buffer for run state, step rows and log lines, with group commit. Writes nobody waits for (logs,
 * progress, RUNNING) gather for WRITE_BEHIND_FLUSH_MS; a caller that needs durability (a terminal state, before
 * BullMQ is told the job ended) awaits `flushed()`, which starts a flush at once or, if one is in flight, joins
 * the next one: every run finishing meanwhile shares that batch. Updates to the same run or step coalesce
 * (RUNNING then COMPLETED becomes one write).
 */
@Injectable()
export class RunWriteBuffer implements OnApplicationShutdown {
  private readonly logger = new Logger(RunWriteBuffer.name);
  private runUpdates = new Map<string, RunUpdate>();
  private steps = new Map<string, StepRunEntity>();
  private logs: LogRow[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private flushSoon = false;
  private readonly maxBatch = 1000;
  /** Every log line, run and step error and progress message of a flow passes here on its way to the database. */
  private readonly redactor = new SecretRedactor(this.config.secrets);

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly runs: FlowRunRepository,
    private readonly stepRuns: StepRunRepository,
    private readonly runLogs: RunLogRepository,
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
    this.steps.set(`${step.runId}\u0000${step.stepKey}`, { ...step, error: this.redactor.redactNullable(step.error) });
    this.scheduleLazyFlush();
  }

  appendLog(line: LogRow): void {
    this.logs.push({ ...line, message: this.redactor.redact(line.message) });
    this.scheduleLazyFlush();
  }

  /** Resolves once everything queued so far is in the database; rejects if that batch failed. */
  flushed(): Promise<void> {
    if (this.isEmpty()) return this.inFlight ?? Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      // Deferred to the end of this turn of the event loop so that every run finishing in it joins the batch.
      if (!this.inFlight && !this.flushSoon) {
        this.flushSoon = true;
        setImmediate(() => {
          this.flushSoon = false;
          if (!this.inFlight) this.startFlush();
        });
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flushed().catch((error: unknown) => {
      this.logger.error(`Final flush failed: ${errorMessage(error)}`);
    });
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

  private scheduleLazyFlush(): void {
    const size = this.runUpdates.size + this.steps.size + this.logs.length;
    if (size >= this.maxBatch && !this.inFlight) this.startFlush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.inFlight) this.startFlush();
      }, this.config.writeBehindFlushMs);
    }
  }

  /** One flush at a time: what arrives meanwhile waits for the next, which starts as soon as this one ends. */
  private startFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const runUpdates = [...this.runUpdates.values()];
    const steps = [...this.steps.values()];
    const logs = this.logs;
    const waiters = this.waiters;
    this.runUpdates = new Map();
    this.steps = new Map();
    this.logs = [];
    this.waiters = [];
    this.inFlight = (async () => {
      try {
        // Steps and log lines land before the run's state: a reader that sees a run ended (the API's `complete`
        // log page, `--follow`) has every line of it already. Each phase is retried on its own so that a retry
        // never inserts the same log lines twice.
        await this.writeWithRetry(() => this.stepRuns.upsertMany(steps));
        await this.writeWithRetry(() => this.runLogs.insertMany(logs));
        await this.writeWithRetry(() => this.runs.applyUpdates(runUpdates));
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.logger.error(
          `Lost a batch of ${runUpdates.length} run updates, ${steps.length} steps, ${logs.length} log lines: ${errorMessage(error)}`,
        );
        for (const waiter of waiters) waiter.reject(error);
      } finally {
        this.inFlight = null;
        if (this.waiters.length > 0) this.startFlush();
        else if (!this.isEmpty()) this.scheduleLazyFlush();
      }
    })();
  }

  /** A busy database (another process writing, a failover) gets a few chances before the batch is given up. */
  private async writeWithRetry(write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (attempt >= 4) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
