import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { errorMessage, WorkerShutdownError } from '../errors';
import type { FlowJobData } from '../launcher/flow-job';
import { FlowExecutor } from './flow-executor';
import { RunAbortRegistry } from './run-abort-registry';

/**
 * Builds the @nestjs/bullmq processor of a worker's queue. The queue name is known only when the worker app
 * declares its module, hence a class per queue. The worker starts after bootstrap (so settings from the
 * validated config apply) and shuts down gracefully: no new jobs, in-flight ones get SHUTDOWN_GRACE_MS to finish,
 * then are handed back to the queue for another worker.
 */
export function createFlowProcessor(queue: string): Type<WorkerHost> {
  @Processor(queue, { autorun: false })
  class FlowProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
    private readonly logger = new Logger(`FlowProcessor:${queue}`);

    constructor(
      private readonly executor: FlowExecutor,
      private readonly aborts: RunAbortRegistry,
      @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    ) {
      super();
    }

    process(job: Job<FlowJobData>, token?: string): Promise<unknown> {
      return this.executor.execute(job, token);
    }

    onApplicationBootstrap(): void {
      const { worker } = this;
      const settings = this.config.worker;
      worker.concurrency = settings.concurrency;
      Object.assign(worker.opts, {
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: settings.maxStalledCount,
      });
      worker.on('failed', (job: Job<FlowJobData> | undefined, error: Error) => {
        if (job && /stalled/i.test(error.message)) {
          this.executor.markCrashed(job, error.message).catch((markError: unknown) => {
            this.logger.error(`Could not mark run ${job.data.runId} crashed: ${errorMessage(markError)}`);
          });
        }
      });
      worker.on('error', (error) => this.logger.error(`Worker error: ${error.message}`));
      // run() resolves only when the worker closes; its failure is the worker's, so it is logged here.
      worker.run().catch((error: unknown) => this.logger.error(`Worker stopped: ${errorMessage(error)}`));
      this.logger.log(`Consuming queue "${queue}" with concurrency ${settings.concurrency}`);
    }

    async beforeApplicationShutdown(): Promise<void> {
      const closing = this.worker.close();
      const grace = this.config.worker.shutdownGraceMs;
      const finished = await Promise.race([closing.then(() => true), sleep(grace).then(() => false)]);
      if (!finished) {
        this.logger.warn(`${this.aborts.size} run(s) still running after ${grace} ms: handing them back to the queue`);
        this.aborts.abortAll(new WorkerShutdownError());
        await Promise.race([closing, sleep(5000)]);
      }
    }
  }
  return FlowProcessor;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
