import { Logger } from '@nestjs/common';
import type { Command } from 'ioredis';
import type { RedisTopology } from '@relais/config';
import { createRedisClient, errorMessage, type RedisClient } from '@relais/engine';

/**
 * A Redis connection for socket.io's Redis adapter, which sends its commands (PUBLISH, (P)SUBSCRIBE,
 * (P)UNSUBSCRIBE) without ever handling their promises: on Node 20 one failure would be an unhandled rejection,
 * which ends the process. Here every failure is logged instead. Commands wait for Redis however long it is away
 * (`maxRetriesPerRequest: null`), so a gateway started before Redis subscribes once Redis comes. Unlike the
 * engine's command connection, no auto-pipelining: ioredis would defer PUNSUBSCRIBE past the QUIT of a shutdown.
 *
 * The client stays a plain ioredis Redis or Cluster (its `sendCommand` is wrapped, not subclassed), as the
 * adapter tells a Cluster by its class to count the subscribers of every node.
 */
export function openSocketIoRedisConnection(topology: RedisTopology, name: string): RedisClient {
  // No CLIENT SETINFO: Redis before 7.2 answers it with an error, which the logging below would report at every
  // connection although ioredis ignores it.
  const client = createRedisClient(topology, name, { maxRetriesPerRequest: null, disableClientInfo: true });
  const logger = new Logger(name);
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  (client as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const result = send(command, ...rest);
    // Observing the promise marks it handled; the adapter still gets it, unchanged.
    command.promise.catch((error: unknown) => {
      logger.warn(`socket.io adapter: ${command.name} failed: ${errorMessage(error)}`);
    });
    return result;
  };
  return client;
}
