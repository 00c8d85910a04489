import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { RelaisConfig } from '@relais/config';
import { errorMessage } from '@relais/engine';

/** Client messages are a few hundred bytes; socket.io's default (1 MB) would let one client make us buffer more. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * socket.io on the gateway's HTTP server, joined to the other replicas through the Redis adapter (its channels
 * under `<REDIS_PREFIX>:socket.io`), with CORS from CORS_ORIGINS like the HTTP API. Closes what it opened when the
 * app closes: Nest only closes a server it got back from `create()`, which for a namespaced gateway is the
 * namespace (it has no close()), so the servers and Redis connections are closed in `dispose()`.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly servers: Server[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: RelaisConfig,
  ) {
    super(app);
    this.publisher = adapterConnection(config.redisUrl, 'relais-socket.io-pub');
    this.subscriber = adapterConnection(config.redisUrl, 'relais-socket.io-sub');
  }

  /** Waits until Redis answers on both connections; fails (and closes them) when it cannot be reached. */
  async connect(): Promise<void> {
    try {
      await Promise.all([this.publisher.ping(), this.subscriber.ping()]);
    } catch (error) {
      this.publisher.disconnect();
      this.subscriber.disconnect();
      throw new Error(`socket.io's Redis adapter could not reach Redis: ${errorMessage(error)}`);
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = this.config.gateway.corsOrigins;
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      cors:
        origins.length > 0 ? { origin: origins.includes('*') ? '*' : origins, methods: ['GET', 'POST'] } : undefined,
      adapter: createAdapter(this.publisher, this.subscriber, { key: `${this.config.redisPrefix}:socket.io` }),
    }) as Server;
    this.servers.push(server);
    return server;
  }

  override async dispose(): Promise<void> {
    // Disconnects every socket and unsubscribes the adapters (which needs the Redis connections still open).
    await Promise.all(this.servers.splice(0).map((server) => server.close()));
    await Promise.all([this.publisher, this.subscriber].map(closeConnection));
  }
}

/**
 * Not the engine's command connection: its auto-pipelining defers PUNSUBSCRIBE (ioredis does not exempt it) past
 * the QUIT of a shutdown, which then rejects it.
 */
function adapterConnection(url: string, name: string): Redis {
  const redis = new Redis(url, { connectionName: name, maxRetriesPerRequest: 3 });
  const logger = new Logger(name);
  let reported = false;
  // Once per outage, not once per reconnection attempt (ioredis retries for ever).
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn(`Redis unreachable (${error.message}); retrying`);
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  return redis;
}

async function closeConnection(redis: Redis): Promise<void> {
  // quit() needs a live connection; one that never reached Redis would keep retrying and hold the process.
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
