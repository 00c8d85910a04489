import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { QUEUES } from '@relais/contracts';
import {
  DeploymentService,
  errorMessage,
  InvalidParamsError,
  scheduledAtOf,
  UnknownFlowError,
  type DeploymentTriggerData,
} from '@relais/engine';

/** What a trigger job returns (kept with the completed job, shown in Bull Board). */
export type TriggerResult = { runId: string; created: boolean } | { skipped: string };

/** Several deployments can fall due in the same second; one slow database write must not hold the others. */
const TRIGGER_CONCURRENCY = 5;
/**
 * A trigger takes milliseconds: a lock of 10 s, checked every 5 s, hands the trigger of a replica that died while
 * firing it to another within 15 s (BullMQ's 30 s and 30 s would make it a minute), and its run starts then.
 */
const TRIGGER_LOCK_MS = 10_000;
const TRIGGER_STALLED_INTERVAL_MS = 5_000;

/**
 * Consumes the trigger jobs that deployments' job schedulers put on `QUEUES.schedules` and turns each into a
 * run. Any replica may take any trigger: the run's idempotency key makes the outcome one run per firing. The
 * worker starts only once the schedules are synced (SchedulerStartup calls `start()`).
 */
@Processor(QUEUES.schedules, {
  autorun: false,
  concurrency: TRIGGER_CONCURRENCY,
  lockDuration: TRIGGER_LOCK_MS,
  stalledInterval: TRIGGER_STALLED_INTERVAL_MS,
})
export class DeploymentTriggerProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DeploymentTriggerProcessor.name);
  private started = false;

  constructor(private readonly deployments: DeploymentService) {
    super();
  }

  async process(job: Job<DeploymentTriggerData>): Promise<TriggerResult> {
    try {
      // A trigger that stalled was taken on time by a replica that died while firing it (see DeploymentService.fire).
      const outcome = await this.deployments.fire(job.data.deploymentName, scheduledAtOf(job), Date.now(), {
        resumed: job.stalledCounter > 0,
      });
      return outcome.fired ? { runId: outcome.run.id, created: outcome.created } : { skipped: outcome.reason };
    } catch (error) {
      // The deployment's flow or parameters no longer fit the code: another attempt would fail the same way.
      if (error instanceof InvalidParamsError || error instanceof UnknownFlowError) {
        throw new UnrecoverableError(`Deployment "${job.data.deploymentName}": ${error.message}`);
      }
      throw error;
    }
  }

  /** Starts taking trigger jobs. */
  start(): void {
    if (this.started) return;
    const { worker } = this;
    this.started = true;
    worker.on('failed', (job: Job<DeploymentTriggerData> | undefined, error: Error) => {
      this.logger.error(
        `Trigger ${job?.id ?? '?'} of deployment "${job?.data.deploymentName ?? '?'}" failed: ${error.message}`,
      );
    });
    worker.on('error', (error) => this.logger.error(`Trigger worker error: ${error.message}`));
    // run() resolves only when the worker closes; its failure is the worker's, so it is logged here.
    worker.run().catch((error: unknown) => this.logger.error(`Trigger worker stopped: ${errorMessage(error)}`));
  }

  /** Lets in-flight triggers finish before the database and Redis connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.started) await this.worker.close();
  }
}
