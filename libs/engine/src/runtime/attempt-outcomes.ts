import { Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { RunState, stateEventName, StepState } from '@relais/contracts';
import {
  errorMessage,
  FlowTimeoutError,
  LeaseLostError,
  RunCancelledError,
  WorkerLostError,
  WorkerShutdownError,
} from '../errors';
import { outageOf } from '../infrastructure/outage';
import type { FlowJobData, RunSnapshot } from '../launcher/flow-job';
import { clip } from './live-run-context';
import type { RunAttempt } from './run-attempt';
import type { RunLogger } from './run-context';
import { RunResources } from './run-resources';

/** How an attempt that did not complete ends. */
export type AttemptEnding =
  /** Cancelled by request: CANCELLED, no retry. */
  | { kind: 'cancel' }
  /** The worker is shutting down: the run goes back to the queue, no attempt spent. */
  | { kind: 'hand-back' }
  /** This delivery lost the run's lease: another may run it now; nothing more is recorded. */
  | { kind: 'abandon' }
  /**
   * The database is unavailable: the attempt is handed back, not spent, once its records are written (when the
   * database is back); the next delivery replays what it completed.
   */
  | { kind: 'defer'; message: string }
  /** RETRYING: BullMQ runs the next attempt after its backoff. */
  | { kind: 'retry'; message: string }
  /** FAILED: the error cannot be retried, or no attempt is left. */
  | { kind: 'fail'; message: string }
  /** CRASHED: the worker was lost and no attempt is left. */
  | { kind: 'crash'; message: string };

type TerminalState = RunState.COMPLETED | RunState.FAILED | RunState.CANCELLED | RunState.CRASHED;

/**
 * Decides how an attempt ends and records it: state (terminal ones durably, before BullMQ is told), log line,
 * event, and the error handed back to BullMQ so that it retries, fails or parks the job accordingly.
 */
@Injectable()
export class AttemptOutcomes {
  constructor(private readonly resources: RunResources) {}

  /**
   * How an attempt that stopped for `reason` ends; pure. `databaseDown`: Relais's database is unavailable right
   * now. An attempt that failed because of that, or that timed out or lost its worker while it was (waiting for
   * it), is not spent: an infrastructure fault must not use up the retry policy. A flow's own error during an
   * outage is its own, and spends the attempt once the database has recorded it; so does an outage of another
   * database the flow uses.
   */
  decide(reason: unknown, attempt: number, maxAttempts: number, databaseDown = false): AttemptEnding {
    if (reason instanceof RunCancelledError) return { kind: 'cancel' };
    if (reason instanceof WorkerShutdownError) return { kind: 'hand-back' };
    if (reason instanceof LeaseLostError) return { kind: 'abandon' };
    const message = clip(errorMessage(reason));
    const faultOfOutage =
      outageOf(reason) === 'database' || reason instanceof FlowTimeoutError || reason instanceof WorkerLostError;
    if (databaseDown && faultOfOutage) return { kind: 'defer', message };
    const retryable =
      !(reason instanceof UnrecoverableError) && (reason as { retryable?: boolean } | null)?.retryable !== false;
    if (retryable && attempt < maxAttempts) return { kind: 'retry', message };
    return reason instanceof WorkerLostError ? { kind: 'crash', message } : { kind: 'fail', message };
  }

  /**
   * Records a completed attempt. An earlier attempt's error stays in the run's log, not on a run that succeeded.
   * A parent whose children all failed has failed (nothing it did succeeded): FAILED, its result kept.
   */
  async complete(attempt: RunAttempt, log: RunLogger, result: unknown): Promise<void> {
    const children = attempt.children;
    const fields = { result: result ?? null, progress: 100, children };
    if (children && children.total > 0 && children.failed === children.total) {
      const error = `All ${children.total} child run${children.total === 1 ? '' : 's'} failed`;
      log.error(`Failed: ${error}`);
      await this.finish(attempt.run, RunState.FAILED, { ...fields, error });
      return;
    }
    if (children && children.failed > 0) log.warn(`${children.failed} of ${children.total} child runs failed`);
    await this.finish(attempt.run, RunState.COMPLETED, { ...fields, error: null });
  }

  /** Decides how the attempt ends, records it, and returns the error to throw to BullMQ. */
  async settle(attempt: RunAttempt, log: RunLogger, reason: unknown): Promise<Error> {
    const { buffer, events, database } = this.resources;
    const databaseDown = database.isDown || (await database.confirmsOutage(reason));
    const ending = this.decide(reason, attempt.number, attempt.maxAttempts, databaseDown);
    const { run, job, token } = attempt;
    switch (ending.kind) {
      case 'defer':
        log.warn(
          `Database unavailable: attempt ${attempt.number} handed back, not spent (${ending.message}); it resumes once the database answers`,
        );
        buffer.updateRun({ id: run.id, set: { state: RunState.PENDING, updatedAt: Date.now() }, onlyIfActive: true });
        return this.deferUntilDatabase(job, token);
      case 'cancel':
        log.warn('Cancelled');
        // An earlier attempt's error is not why the run ended.
        await this.finish(run, RunState.CANCELLED, { error: null });
        return new UnrecoverableError('Run cancelled');
      case 'hand-back':
        log.warn('Worker shutting down: run handed back to the queue');
        buffer.updateRun({ id: run.id, set: { state: RunState.PENDING, updatedAt: Date.now() }, onlyIfActive: true });
        await buffer.flushed();
        await job.moveToWait(token);
        return new WaitingError();
      case 'abandon':
        log.warn(`Attempt ${attempt.number} abandoned: ${errorMessage(reason)}; the run continues in another delivery`);
        // Back to the queue if this delivery still holds the job's lock (the lease was lost on our clock only).
        await job.moveToWait(token).catch(() => undefined);
        return new WaitingError();
      case 'retry':
        log.error(`Attempt ${attempt.number} failed, will retry: ${ending.message}`);
        buffer.updateRun({
          id: run.id,
          set: { state: RunState.RETRYING, error: ending.message, updatedAt: Date.now() },
          onlyIfActive: true,
        });
        await buffer.flushed();
        events.publish({
          event: 'flow_status_update',
          runId: run.id,
          flowName: run.flowName,
          state: RunState.RETRYING,
          error: ending.message,
        });
        return this.forQueue(new Error(ending.message), reason);
      case 'fail':
      case 'crash':
        log.error(`${ending.kind === 'crash' ? 'Crashed' : 'Failed'}: ${ending.message}`);
        if (ending.kind === 'crash') await this.closeStepsOfLostWorker(run.id, ending.message);
        await this.finish(run, ending.kind === 'crash' ? RunState.CRASHED : RunState.FAILED, {
          error: ending.message,
        });
        return this.forQueue(new UnrecoverableError(ending.message), reason);
    }
  }

  /** Records a terminal state durably, then announces it. */
  async finish(
    run: RunSnapshot,
    state: TerminalState,
    fields: { result?: unknown; error?: string | null; progress?: number; children?: RunAttempt['children'] },
  ): Promise<void> {
    const { buffer, events } = this.resources;
    const { children, ...set } = fields;
    const now = Date.now();
    buffer.updateRun({ id: run.id, set: { state, ...set, endedAt: now, updatedAt: now }, onlyIfActive: true });
    await buffer.flushed();
    events.publish({
      event: stateEventName(state),
      runId: run.id,
      flowName: run.flowName,
      state,
      error: fields.error ?? undefined,
      deploymentName: run.deploymentName,
      parentRunId: run.parentRunId,
      ...(children && { children }),
    });
  }

  /**
   * Hands a job back to the queue once the database answers and this worker's records are written (the next
   * delivery, here or elsewhere, must find every step this one completed), without spending an attempt:
   * returns the error that tells BullMQ so.
   */
  async deferUntilDatabase(job: Job<FlowJobData>, token: string | undefined): Promise<Error> {
    await this.resources.buffer.flushed();
    // A little spread, so that the runs held by an outage do not all start again in the same millisecond.
    await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 400), token);
    return new DelayedError();
  }

  /** The steps a lost worker left RUNNING end FAILED with the run: nothing runs them any more. */
  private async closeStepsOfLostWorker(runId: string, error: string): Promise<void> {
    const { steps, buffer, database } = this.resources;
    const now = Date.now();
    for (const step of await database.whileUp(() => steps.findByRun(runId))) {
      if (step.state !== StepState.RUNNING) continue;
      buffer.upsertStep({ ...step, state: StepState.FAILED, error, endedAt: now, durationMs: now - step.startedAt });
    }
  }

  /**
   * The error handed to BullMQ, which keeps its message and stack in Redis (failedReason, stacktrace) where Bull
   * Board shows them: both redacted, like the run's own error.
   */
  private forQueue(error: Error, reason: unknown): Error {
    const { redactor } = this.resources;
    error.message = redactor.redact(error.message);
    const stack = reason instanceof Error ? reason.stack : undefined;
    error.stack = stack === undefined ? `${error.name}: ${error.message}` : redactor.redact(stack);
    return error;
  }
}
