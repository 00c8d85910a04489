'use strict';
/*
 * What `npm start` runs and where, from the environment (and .env, read the same way as the apps read it: a
 * variable already set wins).
 */
const { existsSync, readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { heapArguments } = require('./heap-limits');

const ROOT = resolve(__dirname, '..', '..');

/** A positive integer variable, or `fallback` when unset; anything else stops the start with its name. */
function integerVariable(env, name, fallback, min, max) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/**
 * The apps to run, gateway first: the gateway, the scheduler, then every `worker-*` application of nest-cli.json
 * (a new domain's worker is picked up without editing this script). `script` is its built entry point, `nodeArgs`
 * what node is given before it (the app's heap limit, scripts/supervisor/heap-limits.js).
 */
function relaisApps(root = ROOT, env = process.env) {
  const { projects } = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
  const workers = Object.keys(projects)
    .filter((name) => name.startsWith('worker-') && projects[name].type === 'application')
    .sort();
  return ['gateway', 'scheduler', ...workers].map((name) => {
    const project = projects[name];
    const sourceRoot = project.sourceRoot ?? `apps/${name}/src`;
    return {
      name,
      sourceRoot,
      sourceExists: existsSync(join(root, sourceRoot)),
      script: join(root, 'dist', sourceRoot, `${project.entryFile ?? 'main'}.js`),
      nodeArgs: heapArguments(name, env),
    };
  });
}

/** Reads the start settings; throws an Error naming the variable at fault. */
function startSettings(env = process.env, root = ROOT) {
  const dataDir = resolve(root, env.RELAIS_DATA_DIR || './data');
  const ownRedis = !env.REDIS_URL;
  return {
    dataDir,
    /** Where the gateway listens (the apps' own default); the configuration check validates it. */
    gatewayHost: env.GATEWAY_HOST || '127.0.0.1',
    gatewayPort: integerVariable(env, 'GATEWAY_PORT', 3000, 1, 65535),
    /** null when REDIS_URL names a Redis: then none is started. */
    redisPort: ownRedis ? integerVariable(env, 'RELAIS_REDIS_PORT', 6379, 1, 65535) : null,
    redisUrl: env.REDIS_URL || null,
    /** null when CHROMA_URL names a Chroma: then none is started. */
    chromaPort: env.CHROMA_URL ? null : integerVariable(env, 'RELAIS_CHROMA_PORT', 8000, 1, 65535),
    chromaUrl: env.CHROMA_URL || null,
    /** How long apps get to finish after SIGTERM: their own grace period, plus time to close connections. */
    stopGraceMs: integerVariable(env, 'SHUTDOWN_GRACE_MS', 30_000, 0, 86_400_000) + 10_000,
    healthTimeoutMs: integerVariable(env, 'RELAIS_START_HEALTH_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    logLevel: env.LOG_LEVEL || 'info',
    apps: relaisApps(root, env),
  };
}

module.exports = { ROOT, startSettings };
