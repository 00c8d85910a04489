import { RelaisError } from '@relais/contracts';

/** A parameter failed validation: `fields` maps each bad field to what it expects. */
export class InvalidParamsError extends RelaisError {
  readonly kind = 'invalid';
  constructor(
    readonly flowName: string,
    override readonly fields: Record<string, string[]>,
  ) {
    super(
      `Invalid parameters for ${flowName}: ` +
        Object.entries(fields)
          .map(([field, problems]) => `${field}: ${problems.join(', ')}`)
          .join('; '),
    );
    this.name = 'InvalidParamsError';
  }
}

export class UnknownFlowError extends RelaisError {
  readonly kind = 'not_found';
  constructor(readonly flowName: string) {
    super(`Unknown flow "${flowName}"`);
    this.name = 'UnknownFlowError';
  }
}

export class RunNotFoundError extends RelaisError {
  readonly kind = 'not_found';
  constructor(readonly runId: string) {
    super(`Run ${runId} not found`);
    this.name = 'RunNotFoundError';
  }
}

/** The run's state does not allow the operation (cancel a finished run, retry a running one). */
export class RunStateConflictError extends RelaisError {
  readonly kind = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'RunStateConflictError';
  }
}

/** Fires ctx.signal and fails the attempt when a run exceeds its contract's timeout. */
export class FlowTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms`);
    this.name = 'FlowTimeoutError';
  }
}

/** The reason ctx.signal carries when a run is cancelled. */
export class RunCancelledError extends Error {
  constructor() {
    super('Run cancelled');
    this.name = 'RunCancelledError';
  }
}

/** The reason ctx.signal carries when the worker shuts down and hands the run back to the queue. */
export class WorkerShutdownError extends Error {
  constructor() {
    super('Worker shutting down: run released to the queue');
    this.name = 'WorkerShutdownError';
  }
}

/**
 * The reason an attempt ends when its worker was lost: the job stalled (its lock expired: the worker died, or
 * blocked its event loop) more often than `WORKER_MAX_STALLED_COUNT` allows. It spends an attempt, like any
 * failure; the run is CRASHED only when no attempt is left.
 */
export class WorkerLostError extends Error {
  readonly retryable = true;
  constructor(detail: string) {
    super(`Worker lost: ${detail}`);
    this.name = 'WorkerLostError';
  }
}

/**
 * The reason ctx.signal carries when this delivery lost its run's lease or its job's lock: another delivery may
 * run the run now, so this attempt stops and records nothing more.
 */
export class LeaseLostError extends Error {
  constructor(detail: string) {
    super(`Lease lost: ${detail}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Throw from a flow for failures that another attempt cannot fix (unknown entity, bad input found late):
 * the run fails at once instead of retrying.
 */
export class NonRetryableError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}

/** The message to record for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
