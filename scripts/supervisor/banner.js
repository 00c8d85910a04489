'use strict';
/*
 * What `npm start` prints once everything is up: where the gateway is, who can reach it, and the admin token
 * (the one secret printed on purpose, so that the person who started Relais can use it). Nothing else secret:
 * a password inside REDIS_URL is masked.
 */
const { hostname } = require('node:os');

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** `host` as it goes in a URL: IPv6 literals in brackets. */
function urlHost(host) {
  return host.includes(':') ? `[${host}]` : host;
}

/** The address this machine reaches a gateway listening on `host` at: loopback for a wildcard, else `host`. */
function localAddress(host) {
  return WILDCARD_HOSTS.has(host) || host === 'localhost' ? '127.0.0.1' : host;
}

/** The gateway's base URL for the person at this machine. */
function gatewayBaseUrl(host, port) {
  const shown = WILDCARD_HOSTS.has(host) || LOOPBACK_HOSTS.has(host) ? 'localhost' : urlHost(host);
  return `http://${shown}:${port}`;
}

/** A URL with the password of its user info, if any, replaced by ***. */
function maskedUrl(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** Who can open the gateway, and how to change it. */
function reachLine(host, port) {
  if (LOOPBACK_HOSTS.has(host)) {
    return 'this machine only; to open it from elsewhere: GATEWAY_HOST=0.0.0.0 npm start (see docs/security.md)';
  }
  if (WILDCARD_HOSTS.has(host)) {
    return `every interface (GATEWAY_HOST=${host}): from elsewhere, http://${hostname()}:${port} or this machine's address`;
  }
  return `${host} only (GATEWAY_HOST); GATEWAY_HOST=0.0.0.0 listens on every interface`;
}

/** A first command, with whatever the CLI cannot guess (it defaults to localhost:3000 and data/admin-token). */
function tryIt(base, admin, tokenFile) {
  const settings = [];
  if (base !== 'http://localhost:3000') settings.push(`RELAIS_URL=${base}`);
  if (admin.fromEnvironment) settings.push('RELAIS_TOKEN="$RELAIS_ADMIN_TOKEN"');
  else if (tokenFile !== 'data/admin-token') settings.push(`RELAIS_TOKEN_FILE=${tokenFile}`);
  return [...settings, 'npm run relais -- run ops.health-check --watch'].join(' ');
}

/**
 * The banner's lines. `admin`: `{token, fromEnvironment}`; `tokenFile`: where the generated token is kept;
 * `redisNote`: said after the Redis URL (the data directory of a Redis started here); `chromaUrl` and `chromaNote`
 * the same for Chroma (no line without `chromaUrl`).
 */
function bannerLines({
  host,
  port,
  healthy,
  healthTimeoutMs,
  dataDir,
  admin,
  tokenFile,
  redisUrl,
  redisNote,
  chromaUrl,
  chromaNote = '',
}) {
  const base = gatewayBaseUrl(host, port);
  const tokenShown = admin.fromEnvironment ? '$RELAIS_ADMIN_TOKEN' : admin.token;
  const tokenLine = admin.fromEnvironment
    ? 'from RELAIS_ADMIN_TOKEN (not shown)'
    : `${admin.token}  (kept in ${tokenFile}, mode 600)`;
  return [
    '',
    healthy
      ? `Relais is up. Data: ${dataDir}`
      : `Relais started, but ${base}/api/health did not answer OK within ${healthTimeoutMs / 1000} s ` +
        '(see the gateway output above).',
    `  Dashboard    ${base}/  (sign in with the admin token below)`,
    `  REST API     ${base}/api`,
    `  API docs     ${base}/api/docs?token=${tokenShown}`,
    `  Bull Board   ${base}/admin/queues?token=${tokenShown}`,
    `  socket.io    ${base}/events (path /socket.io, auth: { token })`,
    `  Reach        ${reachLine(host, port)}`,
    `  Redis        ${maskedUrl(redisUrl)}${redisNote}`,
    ...(chromaUrl ? [`  Chroma       ${maskedUrl(chromaUrl)}${chromaNote}`] : []),
    `  Admin token  ${tokenLine}`,
    `  Try it       ${tryIt(base, admin, tokenFile)}`,
    'Ctrl-C stops everything.',
    '',
  ];
}

module.exports = { bannerLines, gatewayBaseUrl, localAddress, maskedUrl, urlHost };
