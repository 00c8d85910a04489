import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  LIVE_EVENTS_MESSAGES,
  LIVE_EVENTS_NAMESPACE,
  MAX_WATCHED_RUNS,
  type RunEvent,
  type SubscribeFlowsAck,
  type SubscribeRunAck,
  type UnsubscribeRunAck,
} from '@relais/contracts';
import { errorMessage, FlowCatalogue } from '@relais/engine';
import { FlowRunRepository } from '@relais/persistence';
import { ALL_FLOWS_ROOM, flowRoom, isFlowRoom, isRunRoom, roomsFor, runRoom } from './live-event-rooms';
import { RunEventSubscription } from './run-event.subscription';
import { SocketAuthenticator, type LiveSocketData } from './socket-authenticator';
import { SocketSessionRevalidator } from './socket-session.revalidator';

const RUN_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BAD_RUN_ID = 'runId: must be a run id (a UUID)';

/**
 * The live events namespace (`/events`): relays run events from Redis pub/sub to socket.io clients.
 *
 * Exactly once with several replicas: every replica subscribes to the run events channel itself and emits each
 * event to its OWN sockets only (`server.local`). A client is connected to one replica, so it gets each event once,
 * from that replica. Emitting through the Redis adapter instead (`server.emit`) would make every replica also
 * forward the event to every other replica's sockets: N copies per client with N replicas. The Redis adapter
 * (configure-live-events.ts) is still installed for what has to cross replicas: room queries and broadcasts that
 * start on one replica (`fetchSockets`, `socketsJoin`, `disconnectSockets`, a non-local `emit`).
 *
 * Handlers never throw: a refusal is an acknowledgement `{ ok: false, error }` naming the field at fault.
 */
@WebSocketGateway({ namespace: LIVE_EVENTS_NAMESPACE })
export class LiveEventsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket> {
  private readonly logger = new Logger(LiveEventsGateway.name);

  @WebSocketServer() server: Namespace;

  constructor(
    private readonly authenticator: SocketAuthenticator,
    private readonly subscription: RunEventSubscription,
    private readonly runs: FlowRunRepository,
    private readonly catalogue: FlowCatalogue,
    private readonly revalidator: SocketSessionRevalidator,
  ) {}

  afterInit(server: Namespace): void {
    server.use(this.authenticator.middleware());
    this.subscription.onEvent((event) => {
      this.relay(event);
    });
    this.revalidator.start(server);
  }

  async handleConnection(socket: Socket): Promise<void> {
    await socket.join(ALL_FLOWS_ROOM);
    const { principal } = socket.data as LiveSocketData;
    this.logger.debug(`Socket ${socket.id} connected with token "${principal.name}"`);
  }

  /** Hands one event to this replica's sockets that follow it (see the class comment for why only local ones). */
  private relay(event: RunEvent): void {
    this.server.local.to(roomsFor(event)).emit(event.event, event);
  }

  @SubscribeMessage(LIVE_EVENTS_MESSAGES.subscribeRun)
  async subscribeRun(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscribeRunAck> {
    const runId = runIdOf(body);
    if (runId === null) return { ok: false, error: BAD_RUN_ID };
    const watched = [...socket.rooms].filter(isRunRoom);
    if (!watched.includes(runRoom(runId)) && watched.length >= MAX_WATCHED_RUNS) {
      return { ok: false, error: `runId: this connection already watches ${MAX_WATCHED_RUNS} runs; unsubscribe first` };
    }
    let state;
    try {
      state = (await this.runs.findById(runId))?.state;
    } catch (error) {
      this.logger.error(`Could not read run ${runId} for a subscription: ${errorMessage(error)}`);
      return { ok: false, error: 'runId: the run could not be looked up; retry later' };
    }
    if (state === undefined) return { ok: false, error: `runId: no run has the id ${runId}` };
    await socket.join(runRoom(runId));
    return { ok: true, runId, state };
  }

  @SubscribeMessage(LIVE_EVENTS_MESSAGES.unsubscribeRun)
  async unsubscribeRun(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<UnsubscribeRunAck> {
    const runId = runIdOf(body);
    if (runId === null) return { ok: false, error: BAD_RUN_ID };
    await socket.leave(runRoom(runId));
    return { ok: true, runId };
  }

  @SubscribeMessage(LIVE_EVENTS_MESSAGES.subscribeFlows)
  async subscribeFlows(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<SubscribeFlowsAck> {
    const flows = (body as { flows?: unknown } | null | undefined)?.flows ?? [];
    if (!Array.isArray(flows)) return { ok: false, error: 'flows: must be an array of flow names ([] for all)' };
    for (const [index, name] of flows.entries()) {
      if (typeof name !== 'string' || !this.catalogue.find(name)) {
        return { ok: false, error: `flows[${index}]: unknown flow ${JSON.stringify(name)}` };
      }
    }
    const names = [...new Set(flows as string[])];
    // The adapter changes rooms without I/O (these awaits are microtasks), so no event is relayed mid-swap.
    for (const room of [...socket.rooms]) {
      if (room === ALL_FLOWS_ROOM || isFlowRoom(room)) await socket.leave(room);
    }
    await socket.join(names.length === 0 ? [ALL_FLOWS_ROOM] : names.map(flowRoom));
    return { ok: true, flows: names };
  }
}

function runIdOf(body: unknown): string | null {
  const runId = (body as { runId?: unknown } | null | undefined)?.runId;
  return typeof runId === 'string' && RUN_ID_PATTERN.test(runId) ? runId : null;
}
