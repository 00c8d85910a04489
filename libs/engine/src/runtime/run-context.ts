import type { ArtifactKind, FlowContract, ParamsOf, RunState } from '@relais/contracts';

/** Log methods a flow uses; lines are stored with the run and streamed live. */
export interface RunLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What an HTTP client says before it retries a request (the shape of @relais/integrations' RetryNotice). */
export interface HttpRetryNotice {
  service: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  reason: string;
}

/**
 * What a durable step's body receives. It is a request context for the integration clients as it stands: pass
 * it whole (`client.call(args, step)`) and their calls follow the step's signal and log their retries.
 */
export interface StepContext {
  /** Stable across retries of the same run: pass it to external systems that deduplicate writes. */
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  /** Writes a retry of an HTTP call to the run's log (429, 503, timeouts would otherwise leave no trace). */
  readonly onRetry: (notice: HttpRetryNotice) => void;
}

/** How a child run ended, as `waitForChildren` reports it. */
export interface ChildOutcome<R = unknown> {
  runId: string;
  flowName: string;
  state: RunState;
  result: R | null;
  error: string | null;
}

/** How a child run is started. */
export interface ChildRunOptions {
  /**
   * At most `limit` children of this parent in the same `group` (default "children") execute at once; the others
   * wait in the queue. Independent of the child flow's `concurrencyLimit`, which counts runs across all parents.
   */
  concurrency?: { limit: number; group?: string };
}

/** Everything a flow's `run` can do besides its own work. */
export interface RunContext<P extends object = object> {
  readonly runId: string;
  readonly flowName: string;
  readonly params: P;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly deploymentName: string | null;
  /** Fires when the run is cancelled or its attempt times out; pass it to every I/O call. */
  readonly signal: AbortSignal;
  readonly log: RunLogger;
  /**
   * A durable step: its result is stored, and a later attempt of the same run returns the stored result
   * instead of running `fn` again. Results must be JSON-serialisable. A name used twice in one run is
   * numbered (`name`, `name#2`…) in call order.
   */
  step<T>(name: string, fn: (step: StepContext) => Promise<T> | T): Promise<T>;
  /**
   * A count kept across the run's attempts (images uploaded, pages published): adds `by` (default 0) and returns
   * the run's total so far, so a result can count what the run did, not just its last attempt. Stored with the
   * run's steps (as `tally:<name>`), behind like them: count an effect right after it happens.
   */
  tally(name: string, by?: number): number;
  /** Reports progress (0–100) with an optional message. */
  progress(percent: number, message?: string): void;
  /** Stores a report (artifact) and returns its id. Objects are stored as JSON. */
  report(kind: ArtifactKind, key: string, content: string | object): Promise<string>;
  /** Starts a child run (durably: a retried parent does not start it twice) and returns its id. */
  startChild<C extends FlowContract>(contract: C, params: ParamsOf<C>, options?: ChildRunOptions): Promise<string>;
  /**
   * Waits until every child started so far has ended and returns how each ended. A parent whose children all
   * failed ends FAILED whatever it returns (its result is kept); a partial failure is counted in its events.
   */
  waitForChildren<R = unknown>(): Promise<ChildOutcome<R>[]>;
}
