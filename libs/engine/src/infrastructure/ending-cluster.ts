import { Cluster, type ClusterNode, type ClusterOptions } from 'ioredis';

/** What ioredis 5 keeps private and ending the client needs here. */
interface ClusterInternals {
  startupNodes: ClusterNode[];
  setStatus(status: 'end'): void;
  flushQueue(error: Error): void;
}

/**
 * A Redis Cluster client whose `disconnect()` and `quit()` end it (status `end`, event `end`, queued commands
 * rejected) even while it waits to reconnect: the Cluster counterpart of EndingRedis. When every node was lost,
 * ioredis 5 has already emitted the `close` that would end the client and scheduled a retry; `disconnect()` then
 * clears the retry and resets an empty node pool, which emits nothing, so the client stayed `disconnecting`
 * forever and BullMQ's `worker.close()`, which waits for its connections' `end`, never returned after a Cluster
 * outage. `duplicate()` (how BullMQ makes a worker's connections from the one it is given) keeps the class.
 */
export class EndingCluster extends Cluster {
  override disconnect(reconnect = false): void {
    const waitingToReconnect = this.status === 'reconnecting' && !reconnect;
    super.disconnect(reconnect);
    if (waitingToReconnect) this.end();
  }

  override quit(callback?: (error?: Error | null, result?: 'OK') => void): Promise<'OK'> {
    const waitingToReconnect = this.status === 'reconnecting';
    const quitting = super.quit(callback);
    if (waitingToReconnect) this.end();
    return quitting;
  }

  override duplicate(overrideStartupNodes: ClusterNode[] = [], overrideOptions: ClusterOptions = {}): EndingCluster {
    const startupNodes = (this as unknown as ClusterInternals).startupNodes;
    return new EndingCluster(overrideStartupNodes.length > 0 ? overrideStartupNodes : [...startupNodes], {
      ...this.options,
      ...overrideOptions,
    });
  }

  /** No node is left to close: end the client here, as ioredis does once its last node has closed. */
  private end(): void {
    if (this.status === 'end') return;
    const internals = this as unknown as ClusterInternals;
    internals.setStatus('end');
    internals.flushQueue(new Error('Connection is closed.'));
  }
}
