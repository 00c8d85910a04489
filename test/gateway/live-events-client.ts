import { io, type Socket } from 'socket.io-client';
import { LIVE_EVENTS_NAMESPACE, type RunEvent } from '@relais/contracts';
import { waitFor } from '../support/test-env';
import type { RunningGateway } from './gateway-harness';

/** One event as a socket.io client received it. */
export interface ReceivedEvent {
  name: string;
  payload: unknown;
}

export interface ConnectOptions {
  /** Default: the gateway's admin token in `auth: { token }`; null: no token at all. */
  token?: string | null;
  /** Send the token as `Authorization: Bearer <token>` instead of in `auth` (non-browser clients). */
  asHeader?: boolean;
  /** A raw Authorization header, as sent. */
  authorization?: string;
}

/** A real socket.io client on a gateway's events namespace that records everything it receives. */
export class LiveEventsClient {
  readonly received: ReceivedEvent[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => this.received.push({ name, payload }));
  }

  /** Connects and resolves once the handshake is accepted (rejects with the `connect_error`). */
  static async connect(gateway: RunningGateway, options: ConnectOptions = {}): Promise<LiveEventsClient> {
    const client = new LiveEventsClient(openSocket(gateway, options));
    await new Promise<void>((resolve, reject) => {
      client.socket.once('connect', resolve);
      client.socket.once('connect_error', (error) => {
        client.close();
        reject(error);
      });
    });
    return client;
  }

  /** Sends a message and returns its acknowledgement. */
  request(message: string, body?: unknown): Promise<unknown> {
    return this.socket.timeout(15_000).emitWithAck(message, body) as Promise<unknown>;
  }

  /** The run events received for `runId`, in order of arrival (other events left out). */
  eventsOf(runId: string): RunEvent[] {
    return this.received
      .map(({ payload }) => payload as Partial<RunEvent> | null)
      .filter((payload): payload is RunEvent => payload?.runId === runId);
  }

  /** Names of the events received for `runId`, in order. */
  namesOf(runId: string): string[] {
    return this.eventsOf(runId).map((event) => event.event);
  }

  async waitForEvent(name: string, matches: (payload: unknown) => boolean, message: string): Promise<void> {
    await waitFor(() => this.received.some((event) => event.name === name && matches(event.payload)), {
      timeoutMs: 30_000,
      message,
    });
  }

  async waitForRunEvent(runId: string, name: string): Promise<void> {
    await this.waitForEvent(name, (payload) => (payload as RunEvent).runId === runId, `${name} of run ${runId}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** The reason a handshake is refused: the message of the client's `connect_error`. */
export async function refusalOf(gateway: RunningGateway, options: ConnectOptions): Promise<string> {
  const socket = openSocket(gateway, options);
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error.message));
      socket.once('connect', () => reject(new Error('the handshake was accepted')));
    });
  } finally {
    socket.disconnect();
  }
}

function openSocket(gateway: RunningGateway, options: ConnectOptions): Socket {
  const token = options.token === undefined ? gateway.adminToken : options.token;
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (options.asHeader && token !== null) headers.authorization = `Bearer ${token}`;
  return io(gateway.url + LIVE_EVENTS_NAMESPACE, {
    auth: token === null || options.asHeader || options.authorization !== undefined ? {} : { token },
    extraHeaders: headers,
    // Polling first, then the upgrade, as browsers do, only when headers are sent (they travel with both).
    transports: Object.keys(headers).length > 0 ? ['polling', 'websocket'] : ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}
