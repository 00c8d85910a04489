import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { isTerminal, RunState, type FlowContract } from '@relais/contracts';
import { FlowRunRepository, type FlowRunEntity, type RunTrigger } from '@relais/persistence';
import { FlowCatalogue } from '../catalogue/flow-catalogue';
import { validateParams } from '../catalogue/validate-params';
import { errorMessage, RunNotFoundError, RunStateConflictError } from '../errors';
import { RunEventPublisher } from '../events/run-event.publisher';
import { QueueRegistry } from '../infrastructure/queue.registry';
import { CancelRequestPublisher } from './cancel-request.publisher';
import { flowJobOptions, jobGeneration, retryJobId, type ConcurrencyGroup, type FlowJobData } from './flow-job';

export interface LaunchOptions {
  triggeredBy?: RunTrigger;
  deploymentName?: string | null;
  /** A second launch with the same key returns the first run instead of starting another. */
  idempotencyKey?: string;
  parentRunId?: string;
  /** Makes the job a BullMQ child of this job, so the parent can wait for it. */
  parentJob?: { id: string; queue: string };
  /**
   * Holds the run to a concurrency group besides its flow's `concurrencyLimit`. Recorded with the run, so every
   * job that ever carries it (a re-enqueue by the reconciler, a retry by hand) is held to it too.
   */
  concurrencyGroup?: ConcurrencyGroup;
}

export interface LaunchResult {
  run: FlowRunEntity;
  /** False when the idempotency key matched an existing run. */
  created: boolean;
  /**
   * False when the run was recorded but its job could not be enqueued (Redis away): it is accepted all the same,
   * and the reconciler enqueues it once Redis is back.
   */
  queued: boolean;
}

/** Queue states from which a job can simply be removed: it has not started. */
const REMOVABLE_JOB_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Starts, cancels and retries runs. Used by the gateway, the scheduler and by parents starting children. A run
 * is recorded before its job is enqueued, so a lost enqueue is repaired by the reconciler, never lost.
 */
@Injectable()
export class RunLauncher {
  private readonly logger = new Logger(RunLauncher.name);

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly catalogue: FlowCatalogue,
    private readonly runs: FlowRunRepository,
    private readonly queues: QueueRegistry,
    private readonly events: RunEventPublisher,
    private readonly cancelRequests: CancelRequestPublisher,
  ) {}

  /** Validates parameters (InvalidParamsError names each bad field), records the run, enqueues its job. */
  async launch(flowName: string, rawParams: unknown, options: LaunchOptions = {}): Promise<LaunchResult> {
    const contract = this.catalogue.get(flowName);
    const parameters = validateParams(contract, rawParams);
    const { run, created } = await this.runs.insert(newRun(contract, parameters, options));
    if (!created) return { run, created, queued: true };
    try {
      await this.enqueue(contract, run, options.parentJob);
    } catch (error) {
      // The run is recorded: failing now would make a client that retries without an idempotency key start a
      // second one. A child stays an error, as its parent job must hold it and only its parent can re-launch it.
      if (options.parentJob) throw error;
      this.logger.warn(`Run ${run.id} accepted but not queued yet (${errorMessage(error)}): the reconciler will`);
      return { run, created, queued: false };
    }
    this.events.publish({
      event: 'flow_status_update',
      runId: run.id,
      flowName: run.flowName,
      state: run.state,
      deploymentName: run.deploymentName,
      parentRunId: run.parentRunId,
    });
    return { run, created, queued: true };
  }

  /** Records and enqueues many runs of one flow at once (bulk launches, the benchmark). */
  async launchMany(flowName: string, paramsList: unknown[], triggeredBy: RunTrigger = 'api'): Promise<FlowRunEntity[]> {
    const contract = this.catalogue.get(flowName);
    const runs = paramsList.map((raw) => newRun(contract, validateParams(contract, raw), { triggeredBy }));
    await this.runs.insertMany(runs);
    await this.queues.get(contract.queue).addBulk(
      runs.map((run) => ({
        name: contract.name,
        data: { runId: run.id } satisfies FlowJobData,
        opts: flowJobOptions(contract, run.jobId, this.config),
      })),
    );
    return runs;
  }

  /**
   * Enqueues the job of an already recorded run (also used by the reconciler). Adding an existing job id is a
   * no-op.
   */
  async enqueue(contract: FlowContract, run: FlowRunEntity, parentJob?: { id: string; queue: string }): Promise<void> {
    const options = flowJobOptions(contract, run.jobId, this.config);
    if (parentJob) {
      options.parent = parentJob;
      // A failed child must not fail or block its parent: the parent reads how each child ended.
      options.ignoreDependencyOnFailure = true;
    }
    const data: FlowJobData = { runId: run.id };
    if (run.concurrencyGroup) data.concurrencyGroup = run.concurrencyGroup;
    await this.queues.get(contract.queue).add(contract.name, data, options);
  }

  /**
   * Cancels a run. Queued: its job is removed and the run is CANCELLED at once. Running: the run becomes
   * CANCELLING and its worker is signalled; the worker ends it CANCELLED. Returns the run's new state.
   */
  async cancel(runId: string): Promise<RunState> {
    const run = await this.runs.findById(runId);
    if (!run) throw new RunNotFoundError(runId);
    if (isTerminal(run.state)) throw new RunStateConflictError(`Run ${runId} has already ended (${run.state})`);
    if (run.state === RunState.CANCELLING) return run.state;

    const job = await this.queues.get(run.queue).getJob(run.jobId);
    const jobState = job ? await job.getState() : 'missing';
    if (jobState === 'waiting-children') {
      // A parent waiting for its children: cancel them first, then the parent's job can go.
      for (const child of await this.runs.findChildren(runId)) {
        if (!isTerminal(child.state))
          await this.cancel(child.id).catch((error: unknown) => this.logger.warn(String(error)));
      }
    }
    if (job && REMOVABLE_JOB_STATES.has(jobState) && (await this.tryRemove(job))) {
      await this.finishCancelled(run);
      return RunState.CANCELLED;
    }
    if (!job || jobState === 'completed' || jobState === 'failed') {
      await this.finishCancelled(run);
      return RunState.CANCELLED;
    }
    await this.runs.applyUpdates([
      { id: runId, set: { state: RunState.CANCELLING, updatedAt: Date.now() }, onlyIfActive: true },
    ]);
    await this.cancelRequests.publish(runId);
    this.events.publish({ event: 'flow_status_update', runId, flowName: run.flowName, state: RunState.CANCELLING });
    return RunState.CANCELLING;
  }

  /**
   * Runs a FAILED, CANCELLED or CRASHED run again under a new job: completed steps keep their results, so it
   * resumes where it stopped.
   */
  async retry(runId: string): Promise<FlowRunEntity> {
    const run = await this.runs.findById(runId);
    if (!run) throw new RunNotFoundError(runId);
    if (![RunState.FAILED, RunState.CANCELLED, RunState.CRASHED].includes(run.state)) {
      throw new RunStateConflictError(
        `Run ${runId} is ${run.state}; only FAILED, CANCELLED or CRASHED runs can be retried`,
      );
    }
    const contract = this.catalogue.get(run.flowName);
    const jobId = retryJobId(run.id, jobGeneration(run.jobId) + 1);
    // The retry is timed on its own: its duration and attempts are the retry's, not the run's since it began.
    const set = {
      state: RunState.PENDING,
      error: null,
      startedAt: null,
      endedAt: null,
      attempts: 0,
      jobId,
      updatedAt: Date.now(),
    };
    await this.runs.applyUpdates([{ id: run.id, set, onlyIfActive: false }]);
    const retried = { ...run, ...set };
    await this.enqueue(contract, retried);
    this.events.publish({ event: 'flow_status_update', runId, flowName: run.flowName, state: RunState.PENDING });
    return retried;
  }

  private async tryRemove(job: { remove: () => Promise<void> }): Promise<boolean> {
    try {
      await job.remove();
      return true;
    } catch (error) {
      // A worker took the job between our state check and the removal: cancel it as a running run instead.
      this.logger.debug(`Job could not be removed (${String(error)}); signalling its worker`);
      return false;
    }
  }

  private async finishCancelled(run: FlowRunEntity): Promise<void> {
    const now = Date.now();
    await this.runs.applyUpdates([
      { id: run.id, set: { state: RunState.CANCELLED, error: null, endedAt: now, updatedAt: now }, onlyIfActive: true },
    ]);
    this.events.publish({ event: 'flow_cancelled', runId: run.id, flowName: run.flowName, state: RunState.CANCELLED });
  }
}

/** The record of a run just accepted: PENDING, carried by a job whose id is the run's. */
function newRun(contract: FlowContract, parameters: Record<string, unknown>, options: LaunchOptions): FlowRunEntity {
  const id = randomUUID();
  const now = Date.now();
  return {
    id,
    flowName: contract.name,
    queue: contract.queue,
    state: RunState.PENDING,
    parameters,
    result: null,
    error: null,
    attempts: 0,
    maxAttempts: contract.retry.attempts,
    progress: 0,
    progressMessage: null,
    deploymentName: options.deploymentName ?? null,
    parentRunId: options.parentRunId ?? null,
    idempotencyKey: options.idempotencyKey ?? null,
    jobId: id,
    triggeredBy: options.triggeredBy ?? 'api',
    concurrencyGroup: options.concurrencyGroup ?? null,
    workerId: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    endedAt: null,
  };
}
