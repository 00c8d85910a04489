import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connections for producers fail fast when Redis is away (no offline queue), so an API call errors instead of
 * hanging; connections for workers retry forever (`maxRetriesPerRequest: null`), as BullMQ requires.
 */
export function createProducerConnection(url: string, name: string): Redis {
  return new Redis(url, { ...baseOptions(name), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}

export function createWorkerConnection(url: string, name: string): Redis {
  return new Redis(url, { ...baseOptions(name), maxRetriesPerRequest: null });
}

/** A connection for general commands (reads, locks, publishes) that waits for Redis briefly on start. */
export function createCommandConnection(url: string, name: string): Redis {
  return new Redis(url, { ...baseOptions(name), maxRetriesPerRequest: 3, enableAutoPipelining: true });
}

function baseOptions(name: string): RedisOptions {
  return {
    connectionName: name,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  };
}
