'use strict';
/* global setTimeout, fetch, AbortSignal */
/*
 * The supervisor behind `npm start` (scripts/start.sh installs and builds, then runs this): starts a local Redis
 * unless REDIS_URL is set and a local Chroma unless CHROMA_URL is set, then the gateway, the scheduler and every
 * worker app as child processes with prefixed logs; prints the URLs and the admin token; restarts a child that
 * dies (with backoff, giving up after 10 restarts within 10 minutes: restart-policy.js); on Ctrl-C or SIGTERM
 * stops the apps, then Chroma and Redis, and exits 0.
 *
 * Settings (environment or .env): GATEWAY_HOST, GATEWAY_PORT, RELAIS_DATA_DIR, REDIS_URL, RELAIS_REDIS_PORT (the local Redis'
 * port, default 6379), CHROMA_URL, RELAIS_CHROMA_PORT (the local Chroma's port, default 8000), RELAIS_ADMIN_TOKEN,
 * SHUTDOWN_GRACE_MS, LOG_LEVEL, RELAIS_START_HEALTH_TIMEOUT_MS.
 */
const { existsSync, mkdirSync } = require('node:fs');
const { connect } = require('node:net');
const { isAbsolute, join, relative } = require('node:path');
const { adminTokenFile, loadOrCreateAdminToken } = require('./admin-token');
const { bannerLines, localAddress, maskedUrl, urlHost } = require('./banner');
const { LogPrefixer, useColour } = require('./log-prefixer');
const { chromaServerArgs, probeChroma, waitForChroma } = require('./chroma-server');
const { probeRedis, redisServerArgs, waitForRedis } = require('./redis-server');
const { ROOT, startSettings } = require('./start-settings');
const { SupervisedProcess } = require('./supervised-process');

process.chdir(ROOT);
require('dotenv').config({ quiet: true });

const REDIS_START_TIMEOUT_MS = 15_000;
const REDIS_STOP_GRACE_MS = 15_000;
/** A fresh Chroma answers in about a second; a first start on a slow disk creates its SQLite file. */
const CHROMA_START_TIMEOUT_MS = 30_000;
const APP_READY_TIMEOUT_MS = 30_000;

let settings;
try {
  settings = startSettings();
} catch (error) {
  process.stderr.write(`npm start: ${error.message}\n`);
  process.exit(1);
}
const logs = new LogPrefixer(['redis', 'chroma', ...settings.apps.map((app) => app.name)]);
/** Every child, in start order: infrastructure first (stopped last), then the apps. */
const infrastructure = [];
const apps = [];
let shuttingDown = false;

/** Stops the apps (in parallel, each finishing its own work), then the infrastructure (Chroma, then Redis), then exits. */
async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  const outcomes = await Promise.all(apps.map((app) => app.stop(settings.stopGraceMs)));
  for (const service of [...infrastructure].reverse()) outcomes.push(await service.stop(REDIS_STOP_GRACE_MS));
  const killed = outcomes.filter((outcome) => outcome === 'killed').length;
  logs.say(killed ? `Stopped (${killed} process(es) had to be killed).` : 'Every process stopped.');
  process.exit(exitCode);
}

function fail(message) {
  logs.warn(message);
  void shutdown(1);
}

function onGiveUp(reason) {
  fail(`${reason}: giving up and stopping everything. Its output above says why; fix that and start again.`);
}

function supervise(name, command, args, env) {
  return new SupervisedProcess({ name, command, args, cwd: ROOT, env, logs, onGiveUp });
}

/** Something accepts TCP connections on `host`:`port`. */
function portInUse(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The Redis URL the apps get: REDIS_URL, a Redis already answering on the port, or a redis-server started here. */
async function startRedis() {
  if (settings.redisUrl) {
    logs.say(`Using the Redis of REDIS_URL (${maskedUrl(settings.redisUrl)}).`);
    return settings.redisUrl;
  }
  const port = settings.redisPort;
  const url = `redis://127.0.0.1:${port}`;
  const found = await probeRedis(port);
  if (found === 'redis') {
    logs.say(`A Redis already answers on ${url}: using it (it keeps its own data directory and is left running).`);
    return url;
  }
  if (found === 'other') {
    throw new Error(`Port ${port} is taken by something that is not Redis: set RELAIS_REDIS_PORT or REDIS_URL.`);
  }
  const redis = supervise('redis', 'redis-server', redisServerArgs(port, settings.dataDir), process.env);
  infrastructure.push(redis);
  redis.start();
  if (!(await waitForRedis(port, () => redis.isRunning() && !shuttingDown, REDIS_START_TIMEOUT_MS))) {
    throw new Error(
      `redis-server did not answer on port ${port} (its output is above). Is it installed? ` +
        '`npm start` installs it on Debian when run as root; otherwise `sudo apt-get install redis-server`.',
    );
  }
  return url;
}

/**
 * The Chroma URL the apps get (the documents domain's vector index, probed by the health check): CHROMA_URL, a
 * Chroma already answering on the port, or the one of the chromadb package started here with its data in
 * <data dir>/chroma. On `infrastructure`, so it is stopped after the apps.
 */
async function startChroma() {
  if (settings.chromaUrl) {
    logs.say(`Using the Chroma of CHROMA_URL (${maskedUrl(settings.chromaUrl)}).`);
    return settings.chromaUrl;
  }
  const port = settings.chromaPort;
  const url = `http://127.0.0.1:${port}`;
  const found = await probeChroma(port);
  if (found === 'chroma') {
    logs.say(`A Chroma already answers on ${url}: using it (it keeps its own data directory and is left running).`);
    return url;
  }
  if (found === 'other') {
    throw new Error(`Port ${port} is taken by something that is not Chroma: set RELAIS_CHROMA_PORT or CHROMA_URL.`);
  }
  // No telemetry from a local installation.
  const env = { ...process.env, ANONYMIZED_TELEMETRY: 'False' };
  const chroma = supervise('chroma', process.execPath, chromaServerArgs(ROOT, port, settings.dataDir), env);
  infrastructure.push(chroma);
  chroma.start();
  if (!(await waitForChroma(port, () => chroma.isRunning() && !shuttingDown, CHROMA_START_TIMEOUT_MS))) {
    throw new Error(
      `Chroma did not answer on port ${port} (its output is above). Is the chromadb package installed with its ` +
        'native binding (package.json pins it)? npm ci installs it; CHROMA_URL points at another Chroma instead.',
    );
  }
  return url;
}

/** The built apps to run; an app registered in nest-cli.json whose source does not exist yet is skipped. */
function runnableApps() {
  const runnable = [];
  for (const app of settings.apps) {
    if (existsSync(app.script)) runnable.push(app);
    else if (!app.sourceExists) logs.say(`${app.name}: registered in nest-cli.json but not written yet; skipped.`);
    else throw new Error(`${shown(app.script)} is missing: run \`npm run build\` (npm start builds).`);
  }
  return runnable;
}

async function gatewayHealthy() {
  try {
    const address = urlHost(localAddress(settings.gatewayHost));
    const response = await fetch(`http://${address}:${settings.gatewayPort}/api/health`, {
      signal: AbortSignal.timeout(2000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch (error) {
    // Not listening yet (ECONNREFUSED) or too slow to answer (TimeoutError): poll again until the deadline.
    if (error instanceof Error) return false;
    throw error;
  }
}

async function waitForGateway() {
  const deadline = Date.now() + settings.healthTimeoutMs;
  while (!shuttingDown && Date.now() < deadline) {
    if (await gatewayHealthy()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/** A path as the user would type it: relative inside the repository, absolute elsewhere. */
function shown(path) {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function printBanner(admin, redisUrl, chromaUrl, healthy) {
  const lines = bannerLines({
    host: settings.gatewayHost,
    port: settings.gatewayPort,
    healthy,
    healthTimeoutMs: settings.healthTimeoutMs,
    dataDir: shown(settings.dataDir),
    admin,
    tokenFile: shown(adminTokenFile(settings.dataDir)),
    redisUrl,
    redisNote: infrastructure.some((service) => service.name === 'redis')
      ? ` (append-only file in ${shown(join(settings.dataDir, 'redis'))})`
      : '',
    chromaUrl,
    chromaNote: infrastructure.some((service) => service.name === 'chroma')
      ? ` (data in ${shown(join(settings.dataDir, 'chroma'))})`
      : '',
  });
  logs.say(lines.join('\n'));
}

/**
 * Validates the apps' configuration once, with their own code (the built libs/config), so that a bad variable
 * stops `npm start` at once with the apps' message instead of after every app has failed and been restarted.
 */
function checkConfiguration(env) {
  const { ConfigError, loadConfig } = require(join(ROOT, 'dist', 'libs', 'config', 'src'));
  try {
    loadConfig(env, { dotenv: false });
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(error.message);
    throw error;
  }
}

function appEnvironment(redisUrl, chromaUrl, admin) {
  const env = {
    ...process.env,
    RELAIS_DATA_DIR: settings.dataDir,
    REDIS_URL: redisUrl,
    CHROMA_URL: chromaUrl,
    RELAIS_ADMIN_TOKEN: admin.token,
  };
  // Nest colours its lines whatever the output is: keep escape codes out of a log file or a pipe.
  if (!useColour(process.stdout)) env.NO_COLOR = '1';
  return env;
}

async function main() {
  mkdirSync(settings.dataDir, { recursive: true });
  const admin = process.env.RELAIS_ADMIN_TOKEN
    ? { token: process.env.RELAIS_ADMIN_TOKEN, fromEnvironment: true }
    : { ...loadOrCreateAdminToken(settings.dataDir), fromEnvironment: false };
  if (admin.created) logs.say(`Generated the admin token into ${adminTokenFile(settings.dataDir)}.`);
  const toRun = runnableApps();
  // REDIS_URL and CHROMA_URL are only known once their servers run; any valid URL stands in for them here.
  checkConfiguration(
    appEnvironment(settings.redisUrl ?? 'redis://127.0.0.1:6379', settings.chromaUrl ?? 'http://127.0.0.1:8000', admin),
  );
  if (await portInUse(localAddress(settings.gatewayHost), settings.gatewayPort)) {
    throw new Error(
      `Port ${settings.gatewayPort} is in use (another \`npm start\`?): stop that process or set GATEWAY_PORT.`,
    );
  }

  const redisUrl = await startRedis();
  if (shuttingDown) return;
  const chromaUrl = await startChroma();
  if (shuttingDown) return;
  const env = appEnvironment(redisUrl, chromaUrl, admin);
  // The gateway first: it applies the database migrations while nothing else competes for the database.
  const [gatewayApp, ...others] = toRun;
  const gateway = supervise(gatewayApp.name, process.execPath, [...gatewayApp.nodeArgs, gatewayApp.script], env);
  apps.push(gateway);
  gateway.start();
  const healthy = await waitForGateway();
  if (shuttingDown) return;
  if (!healthy) logs.warn('The gateway is not healthy yet; starting the other apps anyway.');
  const started = others.map((app) => supervise(app.name, process.execPath, [...app.nodeArgs, app.script], env));
  apps.push(...started);
  const announced = started.map((app) => app.waitForLine(/Started \(pid \d+\)/, APP_READY_TIMEOUT_MS));
  for (const app of started) app.start();
  // Let their start-up logs pass before the banner, so it stays on screen (at LOG_LEVEL=info or debug they
  // print "Started (pid N)" once ready; at warn or error they print nothing to wait for).
  if (['info', 'debug'].includes(settings.logLevel)) await Promise.all(announced);
  if (!shuttingDown) printBanner(admin, redisUrl, chromaUrl, healthy);
}

let lastSignal = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (shuttingDown) {
      // One Ctrl-C can arrive twice (through a wrapper as well as from the terminal): only a later one forces.
      if (Date.now() - lastSignal < 1000) return;
      logs.warn(`${signal} again: killing every process now.`);
      for (const child of [...apps, ...infrastructure]) child.killNow();
      process.exit(1);
    }
    lastSignal = Date.now();
    logs.say(`${signal} received: stopping every process (Ctrl-C again kills them at once).`);
    void shutdown(0);
  });
}
// If the supervisor itself crashes, its children (in their own process groups) must not live on without it.
process.on('exit', () => {
  for (const child of [...apps, ...infrastructure]) child.killNow();
});

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
