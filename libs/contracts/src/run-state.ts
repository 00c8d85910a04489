/** The states of a flow run (docs/concepts.md, "Run states"). */
export enum RunState {
  /** Accepted for a later time (a delayed start). */
  SCHEDULED = 'SCHEDULED',
  /** Recorded and enqueued, waiting for a worker. */
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  /** An attempt failed and BullMQ will try again after a backoff. */
  RETRYING = 'RETRYING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  /** Cancel asked while running; the worker has been signalled. */
  CANCELLING = 'CANCELLING',
  CANCELLED = 'CANCELLED',
  /** The worker died mid-run and no attempt was left. */
  CRASHED = 'CRASHED',
}

export const TERMINAL_STATES: readonly RunState[] = [
  RunState.COMPLETED,
  RunState.FAILED,
  RunState.CANCELLED,
  RunState.CRASHED,
];

/** True when a run in this state will never change again (except by an explicit retry). */
export function isTerminal(state: RunState): boolean {
  return TERMINAL_STATES.includes(state);
}

export enum StepState {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type ArtifactKind = 'json' | 'markdown' | 'text';
