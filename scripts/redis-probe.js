'use strict';
/* global setTimeout */
/*
 * Container probe of the apps that have no HTTP port (scheduler, workers): exits 0 when REDIS_URL answers PING
 * within 3 s, 1 otherwise. Without Redis such a process can do no work, so it is not ready.
 * Used by docker-compose.yml healthchecks and the k8s exec probes: `node scripts/redis-probe.js`.
 */
const { Redis } = require('ioredis');

const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
  lazyConnect: true,
  connectTimeout: 3000,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
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
