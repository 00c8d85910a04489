import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connections for producers fail fast when Redis is away (no offline queue), so an API call errors instead of
 * hanging. (Workers' connections, which must retry forever, are BullMQ's own: `maxRetriesPerRequest: null`.)
 */
export function createProducerConnection(url: string, name: string): Redis {
  const redis = new Redis(url, { ...baseOptions(name), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  reportErrors(redis, name);
  return redis;
}

/** A connection for general commands (reads, locks, publishes) that waits for Redis briefly on start. */
export function createCommandConnection(url: string, name: string): Redis {
  const redis = new Redis(url, { ...baseOptions(name), maxRetriesPerRequest: 3, enableAutoPipelining: true });
  reportErrors(redis, name);
  return redis;
}

/** ioredis prints every failed reconnection as an "Unhandled error event" unless someone listens: log once per outage. */
function reportErrors(redis: Redis, name: string): void {
  const logger = new Logger(name);
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) logger.warn(`Redis unreachable (${error.message}); retrying`);
    reported = true;
  });
  redis.on('ready', () => {
    if (reported) logger.log('Redis reachable again');
    reported = false;
  });
}

function baseOptions(name: string): RedisOptions {
  return {
    connectionName: name,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  };
}
