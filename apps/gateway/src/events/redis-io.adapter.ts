import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import type { RelaisConfig } from '@relais/config';
import { LIVE_EVENTS_NAMESPACE } from '@relais/contracts';
import { closeRedisClient, type RedisClient } from '@relais/engine';
import { openSocketIoRedisConnection } from './socket-io-redis.connection';

/** Client messages are a few hundred bytes; socket.io's default (1 MB) would let one client make us buffer more. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * socket.io on the gateway's HTTP server, joined to the other replicas through the Redis adapter (its channels
 * under `<REDIS_PREFIX>:socket.io`), with CORS from CORS_ORIGINS like the HTTP API. Closes what it opened when the
 * app closes: Nest only closes a server it got back from `create()`, which for a namespaced gateway is the
 * namespace (it has no close()), so the servers and Redis connections are closed in `dispose()`.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly servers: Server[] = [];
  /** Opened with the first server, so an app that never starts opens none. */
  private connections?: { publisher: RedisClient; subscriber: RedisClient };

  constructor(
    app: INestApplicationContext,
    private readonly config: RelaisConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = this.config.gateway.corsOrigins;
    this.connections ??= {
      publisher: openSocketIoRedisConnection(this.config.redis, 'relais-socket.io-pub'),
      subscriber: openSocketIoRedisConnection(this.config.redis, 'relais-socket.io-sub'),
    };
    const { publisher, subscriber } = this.connections;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      cors:
        origins.length > 0 ? { origin: origins.includes('*') ? '*' : origins, methods: ['GET', 'POST'] } : undefined,
      adapter: createAdapter(publisher, subscriber, { key: `${this.config.redisPrefix}:socket.io` }),
    }) as Server;
    // The main namespace `/` serves nothing, yet socket.io accepted any connection to it, token or not (300 in
    // 1.5 s in a test): every connection to it is refused at the handshake, before anything is kept for it.
    server.use((_socket, next) => {
      next(new Error(`no such namespace: live events are on ${LIVE_EVENTS_NAMESPACE}, with a token`));
    });
    this.servers.push(server);
    return server;
  }

  override async dispose(): Promise<void> {
    // Disconnects every socket and unsubscribes the adapters (which needs the Redis connections still open).
    await Promise.all(this.servers.splice(0).map((server) => server.close()));
    const connections = this.connections;
    this.connections = undefined;
    if (connections)
      await Promise.all([closeRedisClient(connections.publisher), closeRedisClient(connections.subscriber)]);
  }
}
