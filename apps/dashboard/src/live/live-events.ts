import type { Socket } from 'socket.io-client';
import { RUN_EVENT_NAMES, type RunLogEvent, type RunProgressEvent, type RunStateEvent } from '@contracts/events';
import type { RunState } from '../api/types';
import {
  LIVE_EVENTS_MESSAGES,
  LIVE_EVENTS_NAMESPACE,
  MAX_WATCHED_RUNS,
  type SubscribeRunAck,
  type UnsubscribeRunAck,
} from '@contracts/live-events';

interface ServerToClient {
  flow_started: (event: LiveStateEvent) => void;
  flow_status_update: (event: LiveStateEvent) => void;
  flow_completed: (event: LiveStateEvent) => void;
  flow_cancelled: (event: LiveStateEvent) => void;
  run_log: (event: RunLogEvent) => void;
  run_progress: (event: RunProgressEvent) => void;
  session_revoked: (payload: { reason: string }) => void;
}

interface ClientToServer {
  subscribe_run: (body: { runId: string }, ack: (answer: SubscribeRunAck) => void) => void;
  unsubscribe_run: (body: { runId: string }, ack: (answer: UnsubscribeRunAck) => void) => void;
}

type Listener<T> = (event: T) => void;

/** A state event as it arrives: the contracts' enum value is its name, the API's RunState. */
export type LiveStateEvent = Omit<RunStateEvent, 'state'> & { state: RunState };

/** What the page shows about the live connection. */
export type LiveStatus = 'connecting' | 'live' | 'offline' | 'refused';

const STATE_EVENTS = [
  RUN_EVENT_NAMES.started,
  RUN_EVENT_NAMES.statusUpdate,
  RUN_EVENT_NAMES.completed,
  RUN_EVENT_NAMES.cancelled,
] as const;

/**
 * One socket.io connection to the gateway's `/events` namespace for the whole page (libs/contracts
 * live-events.ts is the protocol). The session cookie authenticates it (same origin, so the browser sends it;
 * the gateway checks the Origin). Components listen through it and say which runs they watch closely; the
 * watch list is re-sent after every reconnection, since rooms do not outlive a connection.
 */
export class LiveEvents {
  private socket: Socket<ServerToClient, ClientToServer> | null = null;
  private readonly stateListeners = new Set<Listener<LiveStateEvent>>();
  private readonly logListeners = new Set<Listener<RunLogEvent>>();
  private readonly progressListeners = new Set<Listener<RunProgressEvent>>();
  private readonly statusListeners = new Set<Listener<LiveStatus>>();
  /** Run id → how many components watch it. */
  private readonly watched = new Map<string, number>();
  private currentStatus: LiveStatus = 'connecting';
  /** Whether the page wants the connection (connect called, not disconnect): the client may still be loading. */
  private wanted = false;
  private loading = false;

  get status(): LiveStatus {
    return this.currentStatus;
  }

  connect(): void {
    this.wanted = true;
    if (this.socket || this.loading) return;
    // socket.io's client (a tenth of the first script) loads after the first render: the page's data does not
    // wait for it, and the events that arrive meanwhile are in the data the page reads anyway.
    this.loading = true;
    void import('socket.io-client')
      .then(({ io }) => {
        this.loading = false;
        if (!this.wanted || this.socket) return;
        this.open(io);
      })
      .catch(() => {
        this.loading = false;
        this.setStatus('offline');
      });
  }

  private open(io: typeof import('socket.io-client').io): void {
    // WebSocket only: one request instead of a long-polling handshake and its upgrade.
    const socket: Socket<ServerToClient, ClientToServer> = io(LIVE_EVENTS_NAMESPACE, {
      transports: ['websocket'],
      withCredentials: true,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setStatus('live');
      for (const runId of this.watched.keys()) this.send('subscribe_run', runId);
    });
    socket.on('disconnect', () => {
      this.setStatus('offline');
    });
    socket.on('connect_error', (error) => {
      this.setStatus(/token/.test(error.message) ? 'refused' : 'offline');
    });
    socket.on('session_revoked', () => {
      this.setStatus('refused');
    });
    for (const name of STATE_EVENTS) {
      socket.on(name, (event) => {
        for (const listener of this.stateListeners) listener(event);
      });
    }
    socket.on('run_log', (event) => {
      for (const listener of this.logListeners) listener(event);
    });
    socket.on('run_progress', (event) => {
      for (const listener of this.progressListeners) listener(event);
    });
  }

  disconnect(): void {
    this.wanted = false;
    this.socket?.disconnect();
    this.socket = null;
    this.setStatus('offline');
  }

  onState(listener: Listener<LiveStateEvent>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onLog(listener: Listener<RunLogEvent>): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  onProgress(listener: Listener<RunProgressEvent>): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  onStatus(listener: Listener<LiveStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Receive this run's logs and progress until the returned function is called. */
  watch(runId: string): () => void {
    const count = this.watched.get(runId) ?? 0;
    this.watched.set(runId, count + 1);
    if (count === 0 && this.watched.size <= MAX_WATCHED_RUNS) this.send('subscribe_run', runId);
    return () => {
      const left = (this.watched.get(runId) ?? 1) - 1;
      if (left > 0) {
        this.watched.set(runId, left);
        return;
      }
      this.watched.delete(runId);
      this.send('unsubscribe_run', runId);
    };
  }

  /** Resolves once the gateway acknowledged the subscription (null when offline or refused). */
  async watchAcknowledged(runId: string): Promise<SubscribeRunAck | null> {
    const socket = this.socket;
    if (!socket?.connected) return null;
    try {
      // socket.io types a timed acknowledgement as any: the protocol (libs/contracts) says what it is.
      return await (socket
        .timeout(5_000)
        .emitWithAck(LIVE_EVENTS_MESSAGES.subscribeRun, { runId }) as Promise<SubscribeRunAck>);
    } catch (_timeout) {
      return null;
    }
  }

  private send(message: 'subscribe_run' | 'unsubscribe_run', runId: string): void {
    if (this.socket?.connected) this.socket.emit(message, { runId }, () => undefined);
  }

  private setStatus(status: LiveStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

export const liveEvents = new LiveEvents();
