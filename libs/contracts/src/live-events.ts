import type { RunState } from './run-state';

/**
 * What a socket.io client of the gateway needs to know (docs/api.md, "Live events (socket.io)"; served by apps/gateway/src/events): connect to this
 * namespace on the gateway's origin (engine.io path: socket.io's default `/socket.io`) with `auth: { token }`.
 * The events the server sends are `RUN_EVENT_NAMES` (libs/contracts), each carrying its `RunEvent` as payload.
 */
export const LIVE_EVENTS_NAMESPACE = '/events';

/** Messages a client sends, each answered through its acknowledgement callback with a `LiveEventsAck`. */
export const LIVE_EVENTS_MESSAGES = {
  /** `{ runId }`: also receive that run's `run_log` and `run_progress`. */
  subscribeRun: 'subscribe_run',
  /** `{ runId }`: stop receiving them. */
  unsubscribeRun: 'unsubscribe_run',
  /** `{ flows: string[] }`: receive state events of these flows only; `[]` (the default) means every flow. */
  subscribeFlows: 'subscribe_flows',
  /** Sent BY the server, `{ reason }`, just before it closes a socket whose token was revoked. */
  sessionRevoked: 'session_revoked',
} as const;

/** A refused message: `error` starts with the field at fault (`runId: …`, `flows[1]: …`). */
export interface LiveEventsRefusal {
  ok: false;
  error: string;
}

/** The answer to `subscribe_run`: the run's state at that moment, so a client learns if it has already ended. */
export type SubscribeRunAck = { ok: true; runId: string; state: RunState } | LiveEventsRefusal;

export type UnsubscribeRunAck = { ok: true; runId: string } | LiveEventsRefusal;

/** The answer to `subscribe_flows`: the flows now followed (`[]`: all of them). */
export type SubscribeFlowsAck = { ok: true; flows: string[] } | LiveEventsRefusal;

/** More runs than a dashboard shows at once; bounds what one connection can make a replica hold. */
export const MAX_WATCHED_RUNS = 100;
