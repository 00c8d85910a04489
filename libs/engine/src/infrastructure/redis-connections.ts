import { Logger } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTls, RedisTopology } from '@relais/config';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { EndingCluster } from './ending-cluster';
import { EndingRedis } from './ending-redis';

/** A connection to Relais's Redis: one server or a Sentinel group's master (Redis), or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** What distinguishes one use of a connection from another (the rest follows from the topology). */
export interface RedisClientRole {
  /** How many times a command is resent over reconnections before it fails; null: until Redis answers. */
  maxRetriesPerRequest: number | null;
  /** Queue commands while disconnected (default true); false makes them fail at once. */
  enableOfflineQueue?: boolean;
  /** Batch the commands of one event-loop tick into one write (default false). */
  enableAutoPipelining?: boolean;
  /** Skip CLIENT SETINFO (default false): Redis before 7.2 answers it with an error. */
  disableClientInfo?: boolean;
}

/**
 * Every Relais connection to Redis opens here, so that each one follows REDIS_URL's topology: a plain server as
 * always; a Sentinel group's current master, found again after a failover; or a Cluster, whose slots the client
 * follows. Errors are logged once per outage. `name` is the CLIENT SETNAME of the connection.
 */
export function createRedisClient(topology: RedisTopology, name: string, role: RedisClientRole): RedisClient {
  const options: RedisOptions = {
    connectionName: name,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
    maxRetriesPerRequest: role.maxRetriesPerRequest,
    enableOfflineQueue: role.enableOfflineQueue ?? true,
    enableAutoPipelining: role.enableAutoPipelining ?? false,
    disableClientInfo: role.disableClientInfo ?? false,
  };
  const client = openClient(topology, options);
  reportErrors(client, name);
  return client;
}

/** A connection for producers that fails fast when Redis is away (no offline queue): an API call errors, not hangs. */
export function createProducerConnection(topology: RedisTopology, name: string): RedisClient {
  return createRedisClient(topology, name, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

/** A connection for general commands (reads, locks, publishes) that waits for Redis briefly on start. */
export function createCommandConnection(topology: RedisTopology, name: string): RedisClient {
  return createRedisClient(topology, name, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
}

/** What a BullMQ Worker (or @nestjs/bullmq's root module) takes as `connection`, and how to close it afterwards. */
export interface BullmqConnection {
  connection: ConnectionOptions;
  /** Closes what BullMQ does not own (a Cluster client shared with it); call after the worker or queue closed. */
  close(): Promise<void>;
}

/**
 * The connection of a BullMQ Worker, which must retry its commands forever (`maxRetriesPerRequest: null`, which
 * BullMQ requires of a worker). On one server or a Sentinel group, an EndingRedis that is not connected: a
 * Worker opens its own connections as copies of it (`duplicate()`, so they keep the class whose disconnect ends
 * them: `worker.close()` returns after a failover) and closes them; a Queue given it shares it, connecting it
 * on first use. On a Cluster, a Cluster client (BullMQ takes no cluster options). Either way the caller closes
 * what it was given with `close()`, after the workers and queues that use it.
 */
export function bullmqWorkerConnection(topology: RedisTopology, name: string): BullmqConnection {
  if (topology.kind === 'cluster') {
    const cluster = createRedisClient(topology, name, { maxRetriesPerRequest: null });
    return { connection: cluster, close: () => closeRedisClient(cluster) };
  }
  const template = openClient(topology, {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  return { connection: template, close: () => closeRedisClient(template) };
}

/**
 * QUIT when connected; otherwise stop reconnecting at once (QUIT would wait for a Redis that is away). A client can
 * still say 'ready' when its socket has just dropped (a Sentinel failover): QUIT is then refused at once, and the
 * client is disconnected instead of failing the shutdown.
 */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // The connection went away under the QUIT: nothing is left to close gracefully.
    }
  }
  client.disconnect();
}

function openClient(topology: RedisTopology, options: RedisOptions): RedisClient {
  switch (topology.kind) {
    case 'standalone':
      return new EndingRedis(topology.url, { ...options, ...tlsOptions(topology.tls) });
    case 'sentinel':
      return new EndingRedis({ ...options, ...sentinelOptions(topology) });
    case 'cluster': {
      const { enableOfflineQueue, enableAutoPipelining, lazyConnect, retryStrategy, ...perNode } = options;
      const clusterOptions: ClusterOptions = {
        enableOfflineQueue,
        enableAutoPipelining,
        lazyConnect,
        clusterRetryStrategy: retryStrategy ?? undefined,
        // A slot moved by a failover is found again by following MOVED; give a promoted replica time to take over.
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 300,
        redisOptions: {
          ...perNode,
          ...tlsOptions(topology.tls),
          ...(topology.username ? { username: topology.username } : {}),
          ...(topology.password ? { password: topology.password } : {}),
        },
      };
      return new EndingCluster(topology.nodes, clusterOptions);
    }
  }
}

function sentinelOptions(topology: Extract<RedisTopology, { kind: 'sentinel' }>): Omit<RedisOptions, 'retryStrategy'> {
  return {
    sentinels: topology.sentinels,
    name: topology.masterName,
    db: topology.db,
    username: topology.username,
    password: topology.password,
    sentinelPassword: topology.sentinelPassword,
    // Hear of a failover from the sentinels (+switch-master) instead of waiting for the old master to drop us:
    // a subscriber connection is not among the clients Sentinel disconnects when it demotes a master.
    failoverDetector: true,
    // A demoted master answers writes with READONLY: reconnect (to the master the sentinels now name) and resend.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
    // rediss+sentinel://: TLS to the sentinels and to the servers they name.
    ...(topology.tls
      ? { ...tlsOptions(topology.tls), sentinelTLS: tlsConnection(topology.tls), enableTLSForSentinelMode: true }
      : {}),
  };
}

/** ioredis's `tls` option for a topology over TLS (none without): Node's defaults plus the REDIS_TLS_* settings. */
function tlsOptions(tls: RedisTls | undefined): Pick<RedisOptions, 'tls'> {
  return tls ? { tls: tlsConnection(tls) } : {};
}

function tlsConnection(tls: RedisTls): TlsConnectionOptions {
  return {
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
}

/** ioredis prints every failed reconnection as an "Unhandled error event" unless someone listens: log once per outage. */
function reportErrors(client: RedisClient, name: string): void {
  const logger = new Logger(name);
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) logger.warn(`Redis unreachable (${error.message}); retrying`);
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.log('Redis reachable again');
    reported = false;
  });
}
