'use strict';
/* global setTimeout, fetch, AbortSignal */
/*
 * The local Chroma of an installation without CHROMA_URL: the server inside the `chromadb` npm package (its
 * `chroma run` command, a native binding run by Node), with its data under <data dir>/chroma, on loopback.
 */
const { existsSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** The `chroma` command of the chromadb package: its CommonJS entry is exported, its package.json is not. */
function chromaCliPath(root) {
  const entry = require.resolve('chromadb', { paths: [root] });
  const cli = join(dirname(entry), '..', 'cli.mjs');
  if (!existsSync(cli)) {
    throw new Error(`The chromadb package has no CLI at ${cli}: run npm ci (npm start does), or set CHROMA_URL.`);
  }
  return cli;
}

/** `node <cli> run …`'s arguments: data under `dataDir`/chroma, listening on 127.0.0.1:`port`. */
function chromaServerArgs(root, port, dataDir) {
  const directory = join(dataDir, 'chroma');
  mkdirSync(directory, { recursive: true });
  return [chromaCliPath(root), 'run', '--path', directory, '--host', '127.0.0.1', '--port', String(port)];
}

/** What answers on 127.0.0.1:`port`: 'chroma' (its v2 heartbeat), 'nothing' (refused) or 'other'. */
async function probeChroma(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) });
    const body = await response.text();
    return response.ok && body.includes('heartbeat') ? 'chroma' : 'other';
  } catch (error) {
    const code = error && error.cause && error.cause.code;
    return code === 'ECONNREFUSED' ? 'nothing' : 'other';
  }
}

/** Polls until Chroma answers on `port`, `isAlive()` turns false, or `timeoutMs` passes. */
async function waitForChroma(port, isAlive, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive() && Date.now() < deadline) {
    if ((await probeChroma(port)) === 'chroma') return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

module.exports = { chromaServerArgs, probeChroma, waitForChroma };
