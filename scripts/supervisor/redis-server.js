'use strict';
/* global setTimeout */
/*
 * The local Redis of an installation without REDIS_URL: a redis-server with its data under <data dir>/redis and
 * the append-only file on, so queued jobs and job schedulers survive a restart.
 */
const { mkdirSync } = require('node:fs');
const { connect } = require('node:net');
const { join } = require('node:path');

/** What answers on 127.0.0.1:`port`: 'redis', 'nothing' (refused) or 'other' (a server that is not Redis). */
function probeRedis(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => finish(reply ? 'other' : 'nothing'));
    socket.on('error', () => finish('nothing'));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // -NOAUTH: a Redis that wants a password; it is still Redis, and REDIS_URL is the way to give one.
      if (reply.includes('\r\n')) finish(/^(\+PONG|-NOAUTH)/.test(reply) ? 'redis' : 'other');
    });
    socket.on('close', () => finish(reply ? 'other' : 'nothing'));
  });
}

/** redis-server's command line: AOF on (fsync every second), bound to loopback, data under `dataDir`/redis. */
function redisServerArgs(port, dataDir) {
  const directory = join(dataDir, 'redis');
  mkdirSync(directory, { recursive: true });
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    directory,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    // A local development server: the RDB snapshots on top of the AOF only cost disk writes.
    '--save',
    '',
  ];
}

/** Polls until Redis answers PING on `port`, `isAlive()` turns false, or `timeoutMs` passes. */
async function waitForRedis(port, isAlive, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive() && Date.now() < deadline) {
    if ((await probeRedis(port)) === 'redis') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

module.exports = { probeRedis, redisServerArgs, waitForRedis };
