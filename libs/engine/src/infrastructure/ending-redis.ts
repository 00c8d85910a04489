import { Redis, type RedisOptions } from 'ioredis';

/** What ioredis 5 keeps private and `disconnect()` needs here. */
interface RedisInternals {
  manuallyClosing: boolean;
  setStatus(status: 'end'): void;
  flushQueue(error: Error): void;
}

/**
 * An ioredis client whose `disconnect()` ends it (status `end`, event `end`, queued commands rejected) even while
 * it waits to reconnect. ioredis 5 clears the retry timer there and emits nothing, the socket being already
 * closed; BullMQ's `worker.close()` waits for that `end` on its blocking connection and so never returned when
 * it was called in the seconds after a Sentinel failover (or with Redis away), while the connection was between
 * two attempts (BullMQ #4656, #4065; ioredis 6.1 ends the client the same way, with RESP3 and other changes).
 * `duplicate()` (how BullMQ makes a worker's connections from the one it is given) keeps the class.
 */
export class EndingRedis extends Redis {
  /** A server's URL (`redis://`, `rediss://`) and options, or options alone (a Sentinel group's). */
  constructor(urlOrOptions: string | RedisOptions, options: RedisOptions = {}) {
    if (typeof urlOrOptions === 'string') super(urlOrOptions, options);
    else super(urlOrOptions);
  }

  override disconnect(reconnect = false): void {
    const waitingToReconnect = this.status === 'reconnecting' && !reconnect;
    super.disconnect(reconnect);
    if (!waitingToReconnect) return;
    const internals = this as unknown as RedisInternals;
    // The "close" that would have ended it already ran, before the retry was scheduled: end it here.
    internals.manuallyClosing = false;
    internals.setStatus('end');
    internals.flushQueue(new Error('Connection is closed.'));
  }

  override duplicate(override?: Partial<RedisOptions>): EndingRedis {
    return new EndingRedis({ ...this.options, ...override });
  }
}
