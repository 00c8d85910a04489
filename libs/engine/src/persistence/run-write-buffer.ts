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

type LogRow = Omit<RunLogEntity, 'id'>;

/**
 * Write-behind buffer for run state, step rows and log lines (group commit). Writes gather for a few
 * milliseconds and go to the database in one batch per table, so persistence does not cap throughput.
 * Updates to the same run or step coalesce (RUNNING then COMPLETED becomes one write). Callers that need
 * durability (terminal states, before a job is acknowledged) await `flushed()`.
 */
@Injectable()
export class RunWriteBuffer implements OnApplicationShutdown {
  private readonly logger = new Logger(RunWriteBuffer.name);
  private runUpdates = new Map<string, RunUpdate>();
  private steps = new Map<string, StepRunEntity>();
  private logs: LogRow[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxBatch = 1000;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly runs: FlowRunRepository,
    private readonly stepRuns: StepRunRepository,
    private readonly runLogs: RunLogRepository,
  ) {}

  /** Queues a partial update of a run; later updates of the same run win field by field. */
  updateRun(update: RunUpdate): void {
    const pending = this.runUpdates.get(update.id);
    this.runUpdates.set(
      update.id,
      pending ? { id: update.id, set: { ...pending.set, ...update.set }, onlyIfActive: update.onlyIfActive } : update,
    );
    this.schedule();
  }

  upsertStep(step: StepRunEntity): void {
    this.steps.set(`${step.runId}\u0000${step.stepKey}`, step);
    this.schedule();
  }

  appendLog(line: LogRow): void {
    this.logs.push(line);
    this.schedule();
  }

  /** Resolves once everything queued so far is in the database; rejects if that batch failed. */
  flushed(): Promise<void> {
    if (this.isEmpty()) return this.flushing;
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flushed().catch((error: unknown) => {
      this.logger.error(`Final flush failed: ${errorMessage(error)}`);
    });
  }

  private isEmpty(): boolean {
    return this.runUpdates.size === 0 && this.steps.size === 0 && this.logs.length === 0;
  }

  private schedule(): void {
    const size = this.runUpdates.size + this.steps.size + this.logs.length;
    if (size >= this.maxBatch) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.startFlush();
      }, this.config.writeBehindFlushMs);
    }
  }

  /** Flushes run one after another, so the batches reach the database in the order they were queued. */
  private startFlush(): void {
    const runUpdates = [...this.runUpdates.values()];
    const steps = [...this.steps.values()];
    const logs = this.logs;
    const waiters = this.waiters;
    this.runUpdates = new Map();
    this.steps = new Map();
    this.logs = [];
    this.waiters = [];
    this.flushing = this.flushing.then(async () => {
      try {
        await this.writeWithRetry(async () => {
          await this.stepRuns.upsertMany(steps);
          await this.runs.applyUpdates(runUpdates);
          await this.runLogs.insertMany(logs);
        });
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.logger.error(
          `Lost a batch of ${runUpdates.length} run updates, ${steps.length} steps, ${logs.length} log lines: ${errorMessage(error)}`,
        );
        for (const waiter of waiters) waiter.reject(error);
      }
    });
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
