import { RunState, type LogLevel } from './run-state';

/** Redis pub/sub channels, under the configured key prefix (REDIS_PREFIX) like BullMQ's keys. */
export function channelsFor(prefix: string) {
  return {
    /** Every run event (state changes, logs, progress), JSON `RunEvent`. */
    runEvents: `${prefix}:events:runs`,
    /** Cancel requests for running runs, JSON `{ runId }`: every worker listens, the one running it aborts. */
    cancelRequests: `${prefix}:control:cancel`,
  } as const;
}

/** The socket.io event names the gateway relays (docs/api.md, "Live events"). */
export const RUN_EVENT_NAMES = {
  started: 'flow_started',
  statusUpdate: 'flow_status_update',
  completed: 'flow_completed',
  cancelled: 'flow_cancelled',
  log: 'run_log',
  progress: 'run_progress',
} as const;

export type RunEventName = (typeof RUN_EVENT_NAMES)[keyof typeof RUN_EVENT_NAMES];

interface RunEventBase {
  runId: string;
  flowName: string;
  at: string;
}

export interface RunStateEvent extends RunEventBase {
  event: 'flow_started' | 'flow_status_update' | 'flow_completed' | 'flow_cancelled';
  state: RunState;
  error?: string;
  deploymentName?: string | null;
  parentRunId?: string | null;
  /** On a parent's final event: how many children it waited for, and how many of them did not complete. */
  children?: { total: number; failed: number };
}

export interface RunLogEvent extends RunEventBase {
  event: 'run_log';
  level: LogLevel;
  message: string;
  step?: string | null;
}

export interface RunProgressEvent extends RunEventBase {
  event: 'run_progress';
  progress: number;
  message?: string | null;
}

export type RunEvent = RunStateEvent | RunLogEvent | RunProgressEvent;

/** The event that announces a run reaching `state`. */
export function stateEventName(state: RunState): RunStateEvent['event'] {
  if (state === RunState.COMPLETED) return 'flow_completed';
  if (state === RunState.CANCELLED) return 'flow_cancelled';
  if (state === RunState.RUNNING) return 'flow_started';
  return 'flow_status_update';
}
