import { Logger } from '@nestjs/common';
import { Redis, type Command } from 'ioredis';
import { errorMessage } from '@relais/engine';

/**
 * A Redis connection for socket.io's Redis adapter, which sends its commands (PUBLISH, (P)SUBSCRIBE,
 * (P)UNSUBSCRIBE) without ever handling their promises: on Node 20 one failure would be an unhandled rejection,
 * which ends the process. Here every failure is logged instead. Commands wait for Redis however long it is away
 * (`maxRetriesPerRequest: null`), so a gateway started before Redis subscribes once Redis comes. Unlike the
 * engine's command connection, no auto-pipelining: ioredis would defer PUNSUBSCRIBE past the QUIT of a shutdown.
 */
export class SocketIoRedisConnection extends Redis {
  private readonly logger: Logger;

  constructor(url: string, name: string) {
    // No CLIENT SETINFO: Redis before 7.2 answers it with an error, which the logging below would report at every
    // connection although ioredis ignores it.
    super(url, { connectionName: name, maxRetriesPerRequest: null, disableClientInfo: true });
    this.logger = new Logger(name);
    let reported = false;
    // Once per outage, not once per reconnection attempt.
    this.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Redis unreachable (${error.message}); retrying`);
      reported = true;
    });
    this.on('ready', () => {
      reported = false;
    });
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const result = super.sendCommand(command, stream);
    // Observing the promise marks it handled; the adapter still gets it, unchanged.
    command.promise.catch((error: unknown) => {
      this.logger.warn(`socket.io adapter: ${command.name} failed: ${errorMessage(error)}`);
    });
    return result;
  }

  /** QUIT when connected; otherwise stop reconnecting at once (QUIT would wait for a Redis that is away). */
  async close(): Promise<void> {
    if (this.status === 'ready') await this.quit();
    else this.disconnect();
  }
}
