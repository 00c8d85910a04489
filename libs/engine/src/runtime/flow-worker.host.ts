import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { LeaseLostError, WorkerShutdownError } from '../errors';
import { bullmqWorkerConnection, type BullmqConnection } from '../infrastructure/redis-connections';
import { runIdOfJob, type FlowJobData } from '../launcher/flow-job';
import { DatabaseAvailability } from '../run-store/database-availability';
import { FlowExecutor } from './flow-executor';
import { FlowHandlerRegistry } from './flow-handler.registry';
import { RunAbortRegistry } from './run-abort-registry';
import { BULLMQ_MAX_STALLED_COUNT } from './stall-ledger';

/**
 * The BullMQ Worker of a worker app's queue. It is built here rather than with @nestjs/bullmq's @Processor
 * because its settings (concurrency, lock duration, stalled checks) come from the validated configuration at
 * start, while @Processor fixes them when the class is declared; and because shutdown needs a bounded grace
 * period: no new jobs, in-flight runs get SHUTDOWN_GRACE_MS to finish, then are handed back to the queue.
 */
@Injectable()
export class FlowWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger: Logger;
  private worker?: Worker<FlowJobData>;
  private connection?: BullmqConnection;
  private closing = false;

  constructor(
    private readonly executor: FlowExecutor,
    private readonly handlers: FlowHandlerRegistry,
    private readonly aborts: RunAbortRegistry,
    private readonly database: DatabaseAvailability,
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
  ) {
    this.logger = new Logger(`FlowWorker:${handlers.queue}`);
  }

  onApplicationBootstrap(): void {
    const settings = this.config.worker;
    this.connection = bullmqWorkerConnection(this.config.redis, `relais-worker:${this.handlers.queue}`);
    const worker = new Worker<FlowJobData>(
      this.handlers.queue,
      (job: Job<FlowJobData>, token?: string) => this.executor.execute(job, token),
      {
        connection: this.connection.connection,
        prefix: this.config.redisPrefix,
        concurrency: settings.concurrency,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        // WORKER_MAX_STALLED_COUNT is applied per attempt by the executor (see StallLedger): BullMQ's own limit
        // would fail the job for good, whatever attempts its retry policy still allows.
        maxStalledCount: BULLMQ_MAX_STALLED_COUNT,
      },
    );
    // BullMQ could not extend a job's lock: another delivery may take the job; this attempt must stop first.
    worker.on('lockRenewalFailed', (jobIds: string[]) => {
      for (const jobId of jobIds) this.aborts.abortIfRunning(runIdOfJob(jobId), new LeaseLostError('job lock lost'));
    });
    worker.on('error', (error) => this.logger.error(`Worker error: ${error.message}`));
    this.worker = worker;
    // No job is taken while the database is unavailable: it would only wait. The runs in flight hold their
    // records (and their next step) until it answers.
    this.database.onChange((up) => {
      if (this.closing) return;
      if (up) {
        this.logger.log('Database available: taking jobs again');
        void worker.resume();
      } else {
        this.logger.warn(
          `Database unavailable: not taking jobs until it answers (${this.aborts.size} run(s) in flight wait for it)`,
        );
        void worker.pause(true).catch((error: unknown) => this.logger.error(`Could not pause: ${String(error)}`));
      }
    });
    this.logger.log(
      `Consuming queue "${this.handlers.queue}" (${this.handlers.names().join(', ')}) with concurrency ${settings.concurrency}`,
    );
  }

  /** Calls `listener` each time a job of this worker completes (its run's final state is already stored). */
  onJobCompleted(listener: () => void): void {
    this.worker?.on('completed', listener);
  }

  /** Resolves once the worker is connected and taking jobs (tests and benchmarks wait on it). */
  async ready(): Promise<void> {
    await this.worker?.waitUntilReady();
  }

  /** True while the worker takes no jobs because the database is unavailable. */
  isPaused(): boolean {
    return this.worker?.isPaused() ?? false;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (!this.worker) return;
    const closing = this.worker.close();
    const grace = this.config.worker.shutdownGraceMs;
    const finished = await Promise.race([closing.then(() => true), sleep(grace).then(() => false)]);
    if (!finished) {
      this.logger.warn(`${this.aborts.size} run(s) still running after ${grace} ms: handing them back to the queue`);
      this.aborts.abortAll(new WorkerShutdownError());
      await Promise.race([closing, sleep(5000)]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // Covers a shutdown without the graceful phase (a failed start): never leave a blocking connection open.
    await this.worker?.close(true);
    await this.connection?.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
