import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, WaitingChildrenError, WaitingError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { isTerminal, RunState, stateEventName, StepState, type FlowContract, type LogLevel } from '@relais/contracts';
import { ArtifactRepository, FlowRunRepository, StepRunRepository } from '@relais/persistence';
import { hydrateParams } from '../catalogue/validate-params';
import { errorMessage, FlowTimeoutError, RunCancelledError, WorkerShutdownError } from '../errors';
import { RunEventPublisher } from '../events/run-event.publisher';
import { SecretRedactor } from '../logging/secret-redactor';
import type { FlowJobData, RunSnapshot } from '../launcher/flow-job';
import { RunLauncher } from '../launcher/run-launcher';
import { RunLoader } from '../persistence/run-loader';
import { RunWriteBuffer } from '../persistence/run-write-buffer';
import { FlowConcurrencyLimiter, type FlowLease, type Semaphore } from './flow-concurrency-limiter';
import type { FlowHandler } from './flow-handler';
import { FlowHandlerRegistry } from './flow-handler.registry';
import { clip, LiveRunContext } from './live-run-context';
import { RunAbortRegistry } from './run-abort-registry';
import { SemaphoreWaiters } from './semaphore-waiters';

const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Runs one attempt of one run: the body of every flow worker's BullMQ processor. Records each state change
 * (terminal ones durably, before BullMQ is told), publishes events, and rethrows failures so BullMQ retries.
 */
@Injectable()
export class FlowExecutor {
  private readonly logger = new Logger(FlowExecutor.name);
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly echoLevel: number;
  private readonly redactor: SecretRedactor;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    private readonly handlers: FlowHandlerRegistry,
    private readonly runs: FlowRunRepository,
    private readonly steps: StepRunRepository,
    private readonly artifacts: ArtifactRepository,
    private readonly buffer: RunWriteBuffer,
    private readonly events: RunEventPublisher,
    private readonly launcher: RunLauncher,
    private readonly aborts: RunAbortRegistry,
    private readonly limiter: FlowConcurrencyLimiter,
    private readonly waiters: SemaphoreWaiters,
    private readonly loader: RunLoader,
  ) {
    this.echoLevel = LOG_LEVELS.indexOf(config.logLevel);
    this.redactor = new SecretRedactor(config.secrets);
  }

  async execute(job: Job<FlowJobData>, token?: string): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    // Before reading the run: a job waiting for its group's slot comes back often and must stay cheap.
    const groupLease = await this.acquireGroupSlot(job, token);
    try {
      const run = await this.runOf(job);
      if (!run) throw new UnrecoverableError(`Run ${job.data.runId} is not in the database`);
      if (run.state === RunState.CANCELLING || run.state === RunState.CANCELLED) {
        await this.finish(run, RunState.CANCELLED, {});
        return null;
      }
      if (isTerminal(run.state)) return run.result; // A duplicate delivery of a run that already ended.

      const lease = await this.acquireSlot(handler.contract, run, job, token);
      const controller = this.aborts.register(run.id);
      try {
        return await this.runAttempt(handler, run, job, token, controller);
      } finally {
        this.aborts.unregister(run.id);
        await lease?.release();
      }
    } finally {
      await groupLease?.release();
    }
  }

  /**
   * The run behind a job. The very first delivery of a new run's original job uses the snapshot it carries
   * (nothing can have happened to the run yet but a cancel, which removes the job or signals the worker);
   * every other delivery reads the database.
   */
  private runOf(job: Job<FlowJobData>): Promise<RunSnapshot | null> {
    const { snapshot, runId } = job.data;
    if (snapshot && job.attemptsStarted <= 1 && job.attemptsMade === 0 && job.id === runId) {
      return Promise.resolve({ ...snapshot, id: runId, state: RunState.PENDING, startedAt: null, result: null });
    }
    return this.loader.load(runId);
  }

  /** A run's attempt ended by a stalled job that BullMQ gave up on: the worker died and no attempt is left. */
  async markCrashed(job: Job<FlowJobData>, reason: string): Promise<void> {
    const run = await this.runs.findById(job.data.runId);
    if (!run || isTerminal(run.state)) return;
    await this.finish(run, RunState.CRASHED, { error: `Worker lost: ${reason}` });
  }

  /** The slot of the flow's `concurrencyLimit`, if it has one; a full flow delays the job 0.5–1 s. */
  private async acquireSlot(
    contract: FlowContract,
    run: RunSnapshot,
    job: Job,
    token?: string,
  ): Promise<FlowLease | null> {
    if (!contract.concurrencyLimit) return null;
    const semaphore = this.limiter.flowSemaphore(contract.name, contract.concurrencyLimit);
    return this.acquireOrWait(semaphore, run.id, job, token, 500 + Math.floor(Math.random() * 500));
  }

  /**
   * The slot of the run's concurrency group, if its job has one. Taken before the run is read: a job waiting
   * for its group's slot may come back often. Its delay grows each time (up to a few seconds: a group's runs
   * are long).
   */
  private async acquireGroupSlot(job: Job<FlowJobData>, token?: string): Promise<FlowLease | null> {
    const group = job.data.concurrencyGroup;
    if (!group) return null;
    const waitMs = Math.min(4000, 250 * 2 ** Math.min(job.attemptsStarted, 4));
    const delayMs = waitMs / 2 + Math.floor((Math.random() * waitMs) / 2);
    return this.acquireOrWait(this.limiter.groupSemaphore(group.key, group.limit), job.data.runId, job, token, delayMs);
  }

  /**
   * A slot of `semaphore`, or the job goes back to the delayed set without spending an attempt, in the
   * semaphore's line of waiters: the run that releases a slot promotes the oldest waiter at once, so no slot
   * idles; `delayMs` only covers a lost wake-up.
   */
  private async acquireOrWait(
    semaphore: Semaphore,
    runId: string,
    job: Job,
    token: string | undefined,
    delayMs: number,
  ): Promise<FlowLease> {
    const lease = await this.limiter.tryAcquire(semaphore, runId);
    if (lease) {
      // Only a job that has been active before can have waited.
      if (job.attemptsStarted > 1) await this.waiters.forget(semaphore, job);
      return {
        // Sent together, one round trip for both: they share the command connection, so Redis frees the slot
        // before it pops the next waiter, and that waiter asks for the slot only after its promotion.
        release: async () => {
          await Promise.all([lease.release(), this.waiters.wakeNext(semaphore)]);
        },
      };
    }
    await job.moveToDelayed(Date.now() + delayMs, token);
    await this.waiters.register(semaphore, job);
    // A slot freed between the failed acquire and the registration woke nobody: wake the line now.
    if (await this.limiter.hasRoom(semaphore).catch(() => false)) await this.waiters.wakeNext(semaphore);
    throw new DelayedError();
  }

  private async runAttempt(
    handler: FlowHandler,
    run: RunSnapshot,
    job: Job<FlowJobData>,
    token: string | undefined,
    controller: AbortController,
  ): Promise<unknown> {
    const attempt = job.attemptsMade + 1;
    const contract = handler.contract;
    const firstStart = run.startedAt === null;
    const now = Date.now();
    this.buffer.updateRun({
      id: run.id,
      set: {
        state: RunState.RUNNING,
        attempts: attempt,
        startedAt: run.startedAt ?? now,
        workerId: this.workerId,
        updatedAt: now,
      },
      onlyIfActive: true,
    });
    this.events.publish({
      event: firstStart ? 'flow_started' : 'flow_status_update',
      runId: run.id,
      flowName: run.flowName,
      state: RunState.RUNNING,
      deploymentName: run.deploymentName,
      parentRunId: run.parentRunId,
    });

    const completed = firstStart ? [] : await this.steps.findByRun(run.id);
    const ctx = new LiveRunContext(
      run.id,
      run.flowName,
      hydrateParams(contract, run.parameters),
      attempt,
      run.deploymentName,
      controller.signal,
      job,
      token,
      new Map(completed.filter((step) => step.state === StepState.COMPLETED).map((step) => [step.stepKey, step])),
      {
        buffer: this.buffer,
        events: this.events,
        artifacts: this.artifacts,
        runs: this.runs,
        launcher: this.launcher,
        echo: (level, runId, message) => this.echo(level, runId, message),
        redact: (text) => this.redactor.redact(text),
      },
    );
    if (!firstStart && run.state === RunState.RUNNING && job.attemptsMade === 0) {
      ctx.log.warn('Resuming a run whose previous worker stopped mid-run');
    }

    const timeout = setTimeout(() => controller.abort(new FlowTimeoutError(contract.timeoutMs)), contract.timeoutMs);
    try {
      const result = await untilAborted(handler.run(ctx), controller.signal);
      // An earlier attempt's error stays in the run's log, not on a run that succeeded.
      await this.finish(run, RunState.COMPLETED, { result: result ?? null, error: null, progress: 100 });
      return result;
    } catch (error) {
      if (error instanceof WaitingChildrenError || error instanceof DelayedError || error instanceof WaitingError) {
        throw error;
      }
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof RunCancelledError) {
        ctx.log.warn('Cancelled');
        await this.finish(run, RunState.CANCELLED, {});
        throw new UnrecoverableError('Run cancelled');
      }
      if (reason instanceof WorkerShutdownError) {
        ctx.log.warn('Worker shutting down: run handed back to the queue');
        this.buffer.updateRun({
          id: run.id,
          set: { state: RunState.PENDING, updatedAt: Date.now() },
          onlyIfActive: true,
        });
        await this.buffer.flushed();
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const message = clip(errorMessage(reason));
      const retryable =
        !(reason instanceof UnrecoverableError) && (reason as { retryable?: boolean } | null)?.retryable !== false;
      const willRetry = retryable && attempt < (job.opts.attempts ?? 1);
      ctx.log.error(willRetry ? `Attempt ${attempt} failed, will retry: ${message}` : `Failed: ${message}`);
      if (willRetry) {
        this.buffer.updateRun({
          id: run.id,
          set: { state: RunState.RETRYING, error: message, updatedAt: Date.now() },
          onlyIfActive: true,
        });
        await this.buffer.flushed();
        this.events.publish({
          event: 'flow_status_update',
          runId: run.id,
          flowName: run.flowName,
          state: RunState.RETRYING,
          error: message,
        });
        throw this.forQueue(new Error(message), reason);
      }
      await this.finish(run, RunState.FAILED, { error: message });
      throw this.forQueue(new UnrecoverableError(message), reason);
    } finally {
      clearTimeout(timeout);
    }
  }

  /**
   * The error handed to BullMQ, which keeps its message and stack in Redis (failedReason, stacktrace) where Bull
   * Board shows them: both redacted, like the run's own error.
   */
  private forQueue(error: Error, reason: unknown): Error {
    error.message = this.redactor.redact(error.message);
    const stack = reason instanceof Error ? reason.stack : undefined;
    error.stack = stack === undefined ? `${error.name}: ${error.message}` : this.redactor.redact(stack);
    return error;
  }

  /** Records a terminal state durably, then announces it. */
  private async finish(
    run: RunSnapshot,
    state: RunState.COMPLETED | RunState.FAILED | RunState.CANCELLED | RunState.CRASHED,
    fields: { result?: unknown; error?: string | null; progress?: number },
  ): Promise<void> {
    const now = Date.now();
    this.buffer.updateRun({ id: run.id, set: { state, ...fields, endedAt: now, updatedAt: now }, onlyIfActive: true });
    await this.buffer.flushed();
    const event = stateEventName(state);
    this.events.publish({
      event,
      runId: run.id,
      flowName: run.flowName,
      state,
      error: fields.error ?? undefined,
      deploymentName: run.deploymentName,
      parentRunId: run.parentRunId,
    });
  }

  private echo(level: LogLevel, runId: string, message: string): void {
    if (LOG_LEVELS.indexOf(level) < this.echoLevel) return;
    const line = `[run ${runId}] ${message}`;
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else this.logger.log(line);
  }
}

/**
 * Settles with the flow, or rejects as soon as the signal fires (cancel, timeout, shutdown) even if the flow
 * ignores its signal; such a flow's promise is left to finish on its own and its outcome is discarded.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
