'use strict';
/* global setTimeout */
/*
 * Container probe of the apps that have no HTTP port (scheduler, workers): exits 0 when REDIS_URL answers PING
 * within 3 s, 1 otherwise. Without Redis such a process can do no work, so it is not ready.
 * Used by docker-compose.yml healthchecks and the k8s exec probes: `node scripts/redis-probe.js`.
 * A Sentinel group's master or a Cluster (redis+sentinel://, redis+cluster://, docs/redis.md) is found as the
 * apps find it, and TLS (rediss…, REDIS_TLS_*) set up as they set it up, with the built config lib of the image
 * (dist/).
 */
const { join } = require('node:path');
const { Cluster, Redis } = require('ioredis');

const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const options = { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null };

function openClient() {
  if (/^redis:\/\//.test(url)) return new Redis(url, options);
  const { parseRedisTopology, readRedisTls } = require(
    join(__dirname, '..', 'dist', 'libs', 'config', 'src', 'redis-topology'),
  );
  const topology = parseRedisTopology(url, process.env.REDIS_SENTINEL_PASSWORD, readRedisTls(process.env));
  const tls = topology.tls ? { tls: topology.tls } : {};
  if (topology.kind === 'standalone') return new Redis(url, { ...options, ...tls });
  const credentials = { username: topology.username, password: topology.password };
  if (topology.kind === 'cluster') {
    return new Cluster(topology.nodes, {
      lazyConnect: true,
      clusterRetryStrategy: () => null,
      redisOptions: { ...credentials, ...tls, connectTimeout: 3000, maxRetriesPerRequest: 0 },
    });
  }
  return new Redis({
    ...options,
    ...credentials,
    ...tls,
    ...(topology.tls ? { sentinelTLS: topology.tls, enableTLSForSentinelMode: true } : {}),
    sentinels: topology.sentinels,
    name: topology.masterName,
    db: topology.db,
    sentinelPassword: topology.sentinelPassword,
    sentinelRetryStrategy: () => null,
  });
}

const redis = openClient();
// ioredis reports the cause (ECONNREFUSED, ENOTFOUND…) as an event; the rejected command only says "closed".
let cause = '';
redis.on('error', (error) => {
  cause = error.message;
});
setTimeout(() => {
  process.stderr.write('Redis did not answer PING within 3 s\n');
  process.exit(1);
}, 3000).unref();
redis
  .connect()
  .then(() => redis.ping())
  .then(
    () => {
      redis.disconnect();
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`Redis unreachable: ${cause || error.message}\n`);
      process.exit(1);
    },
  );
