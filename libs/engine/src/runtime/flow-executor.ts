import { Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, WaitingChildrenError, WaitingError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { isTerminal, RunState } from '@relais/contracts';
import type { StepRunEntity } from '@relais/persistence';
import { hydrateParams } from '../catalogue/validate-params';
import { untilAborted } from './until-aborted';
import { FlowTimeoutError, WorkerLostError } from '../errors';
import type { FlowJobData, RunSnapshot } from '../launcher/flow-job';
import { RunLoader } from '../run-store/run-loader';
import { AttemptOutcomes } from './attempt-outcomes';
import { ConcurrencySlots } from './concurrency-slots';
import type { FlowLease } from './flow-concurrency-limiter';
import type { FlowHandler } from './flow-handler';
import { FlowHandlerRegistry } from './flow-handler.registry';
import { LiveRunContext } from './live-run-context';
import { RunAbortRegistry } from './run-abort-registry';
import type { RunAttempt } from './run-attempt';
import { type RunLease, RunLeases } from './run-leases';
import { RunResources } from './run-resources';
import { readStalls } from './stall-ledger';

/**
 * Runs one attempt of one run: the body of every flow worker's BullMQ processor. It waits for the run's
 * concurrency slots, marks the run RUNNING, runs the flow under its timeout, and hands the ending to
 * AttemptOutcomes, rethrowing what BullMQ must see (a retry, a failure, a parked job).
 */
@Injectable()
export class FlowExecutor {
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly handlers: FlowHandlerRegistry,
    private readonly resources: RunResources,
    private readonly slots: ConcurrencySlots,
    private readonly outcomes: AttemptOutcomes,
    private readonly aborts: RunAbortRegistry,
    private readonly loader: RunLoader,
    private readonly leases: RunLeases,
  ) {}

  async execute(job: Job<FlowJobData>, token?: string): Promise<unknown> {
    try {
      return await this.deliver(job, token);
    } catch (error) {
      // Whatever failed because the database is unavailable (reading the run, recording an ending) costs no
      // attempt: the job goes back to the queue once the database answers and this worker's records are written.
      if (!isQueueControl(error) && this.resources.database.noteFailure(error)) {
        throw await this.outcomes.deferUntilDatabase(job, token);
      }
      throw error;
    }
  }

  private async deliver(job: Job<FlowJobData>, token?: string): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    const runId = job.data.runId;
    // Before reading the run: a job waiting for its group's slot comes back often and must stay cheap.
    const groupLease = await this.slots.forGroup(job, token);
    let controller: AbortController | undefined;
    let lease: RunLease | null = null;
    let slot: FlowLease | null = null;
    try {
      // The lease before any read: what the run and its steps are is read only once no other delivery can change
      // it, so a delivery that takes over from one that just ended sees everything that one recorded.
      lease = token ? await this.leases.acquire(runId, token, (lost) => controller?.abort(lost)) : null;
      if (token && !lease) {
        // Another delivery of the run still holds it (its worker stalled but may be alive): wait for it to end
        // or for its lease to lapse, without spending an attempt. Its abort controller stays registered.
        await job.moveToDelayed(Date.now() + this.resources.config.worker.lockDurationMs / 2, token);
        throw new DelayedError();
      }
      // The database, never the job, says what the run has done: a terminal run is not run again. Both reads
      // are sent together (one round trip of latency, each batched with the other deliveries of this tick).
      const [run, completedSteps] = await Promise.all([this.loader.load(runId), this.loader.completedSteps(runId)]);
      if (!run) throw new UnrecoverableError(`Run ${runId} is not in the database`);
      if (run.state === RunState.CANCELLING || run.state === RunState.CANCELLED) {
        await this.outcomes.finish(run, RunState.CANCELLED, { error: null });
        return null;
      }
      if (isTerminal(run.state)) return run.result; // A duplicate delivery of a run that already ended.

      slot = await this.slots.forFlow(handler.contract, run.id, job, token);
      controller = this.aborts.register(run.id);
      return await this.runAttempt(handler, run, completedSteps, job, token, controller, lease);
    } finally {
      if (controller) this.aborts.unregister(runId, controller);
      await lease?.release();
      await slot?.release();
      await groupLease?.release();
    }
  }

  private async runAttempt(
    handler: FlowHandler,
    run: RunSnapshot,
    completedSteps: StepRunEntity[],
    job: Job<FlowJobData>,
    token: string | undefined,
    controller: AbortController,
    lease: RunLease | null,
  ): Promise<unknown> {
    const { buffer, events } = this.resources;
    const contract = handler.contract;
    const firstStart = run.startedAt === null;
    const now = Date.now();
    const attempt: RunAttempt = {
      run,
      params: hydrateParams(contract, run.parameters),
      number: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      job,
      token,
      signal: controller.signal,
      completedSteps: new Map(completedSteps.map((step) => [step.stepKey, step])),
      lease,
    };
    buffer.updateRun({
      id: run.id,
      set: {
        state: RunState.RUNNING,
        attempts: attempt.number,
        startedAt: run.startedAt ?? now,
        workerId: this.workerId,
        updatedAt: now,
      },
      onlyIfActive: true,
    });
    events.publish({
      event: firstStart ? 'flow_started' : 'flow_status_update',
      runId: run.id,
      flowName: run.flowName,
      state: RunState.RUNNING,
      deploymentName: run.deploymentName,
      parentRunId: run.parentRunId,
    });

    const ctx = new LiveRunContext(attempt, this.resources);
    const stalls = readStalls(job, job.data.stalls);
    if (stalls.update) await job.updateData({ ...job.data, stalls: stalls.update });
    if (stalls.stalls > this.resources.config.worker.maxStalledCount) {
      // Its worker died (or blocked past its lock) more often than allowed: the attempt is spent.
      const lost = new WorkerLostError(`the attempt stalled ${stalls.stalls} time${stalls.stalls === 1 ? '' : 's'}`);
      throw await this.outcomes.settle(attempt, ctx.engineLog, lost);
    }
    if (stalls.resumed) ctx.engineLog.warn('Resuming a run whose previous worker stopped mid-run');

    const timeout = setTimeout(() => controller.abort(new FlowTimeoutError(contract.timeoutMs)), contract.timeoutMs);
    try {
      const result = await untilAborted(handler.run(ctx), controller.signal);
      await this.outcomes.complete(attempt, ctx.engineLog, result);
      return result;
    } catch (error) {
      if (error instanceof WaitingChildrenError || error instanceof DelayedError || error instanceof WaitingError) {
        throw error;
      }
      throw await this.outcomes.settle(
        attempt,
        ctx.engineLog,
        controller.signal.aborted ? controller.signal.reason : error,
      );
    } finally {
      clearTimeout(timeout);
    }
  }
}

/** What a processor throws to tell BullMQ where the job goes (parked, delayed, back to wait, failed for good). */
function isQueueControl(error: unknown): boolean {
  return (
    error instanceof DelayedError ||
    error instanceof WaitingChildrenError ||
    error instanceof WaitingError ||
    error instanceof UnrecoverableError
  );
}
