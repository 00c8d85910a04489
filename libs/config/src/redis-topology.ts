import { readFileSync } from 'node:fs';

/** One Redis node or Sentinel, as `host:port`. */
export interface RedisNodeAddress {
  host: string;
  port: number;
}

/**
 * What a TLS connection to Redis trusts and presents beyond Node's defaults (PEM texts, read from the REDIS_TLS_*
 * files): the CA that signed the servers' certificates, a client certificate and its key (for servers with
 * `tls-auth-clients yes`), and the name to check the servers' certificates against when it is not the address
 * connected to (a Cluster's nodes and a Sentinel group's master are reached by the addresses they announce).
 */
export interface RedisTls {
  ca?: string;
  cert?: string;
  key?: string;
  servername?: string;
}

/**
 * Where Relais's Redis is, read from REDIS_URL:
 * - `redis://[user:password@]host:port[/db]` (`rediss://` for TLS): one server, as always;
 * - `redis+sentinel://[user:password@]host:port[,host:port…]/master-name[/db]`: a Sentinel group, whose
 *   sentinels say which server is the master now (the password is the master's; REDIS_SENTINEL_PASSWORD is the
 *   sentinels' own, if they have one);
 * - `redis+cluster://[user:password@]host:port[,host:port…]`: a Redis Cluster, from any of its nodes.
 * `rediss+sentinel://` and `rediss+cluster://` are the same over TLS (to the sentinels and to the servers).
 * `tls` is set exactly when the URL asks for TLS.
 */
export type RedisTopology =
  | { kind: 'standalone'; url: string; tls?: RedisTls }
  | {
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      masterName: string;
      db: number;
      username?: string;
      password?: string;
      sentinelPassword?: string;
      tls?: RedisTls;
    }
  | { kind: 'cluster'; nodes: RedisNodeAddress[]; username?: string; password?: string; tls?: RedisTls };

/** The variables naming the REDIS_TLS files, by the field of RedisTls they fill. */
const TLS_FILES = { ca: 'REDIS_TLS_CA_FILE', cert: 'REDIS_TLS_CERT_FILE', key: 'REDIS_TLS_KEY_FILE' } as const;

/**
 * The REDIS_TLS_* settings of `env`: the CA, certificate and key files read (an unreadable one throws an Error
 * naming its variable), and REDIS_TLS_SERVERNAME. Empty when none is set.
 */
export function readRedisTls(env: Record<string, string | undefined>): RedisTls {
  const tls: RedisTls = {};
  for (const [field, variable] of Object.entries(TLS_FILES) as [keyof typeof TLS_FILES, string][]) {
    const path = env[variable];
    if (!path) continue;
    try {
      tls[field] = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`${variable} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`, {
        cause: error,
      });
    }
  }
  if (env.REDIS_TLS_SERVERNAME) tls.servername = env.REDIS_TLS_SERVERNAME;
  return tls;
}

/** A Sentinel group or a Cluster is named by at most this many addresses (a bound on input, not on Redis). */
const MAX_ADDRESSES = 32;

const GROUP_URL = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)(?:\/([^?#]*))?$/;
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const MASTER_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * REDIS_URL read into a topology; a URL that is not a valid one of the three forms throws an Error saying what
 * is wrong with it (the configuration validator shows that message). `tls` (readRedisTls) applies when the URL
 * asks for TLS (rediss…).
 */
export function parseRedisTopology(url: string, sentinelPassword?: string, tls: RedisTls = {}): RedisTopology {
  if (/^redis:\/\/./.test(url)) return { kind: 'standalone', url };
  if (/^rediss:\/\/./.test(url)) return { kind: 'standalone', url, tls };
  const match = GROUP_URL.exec(url);
  if (!match) {
    throw new Error(
      'REDIS_URL must be redis://host:port[/db], redis+sentinel://host:port[,host:port…]/master-name[/db] or ' +
        'redis+cluster://host:port[,host:port…] (rediss… for TLS)',
    );
  }
  const [, scheme, kind, username, password, addressList, path = ''] = match;
  const overTls = scheme === 'rediss' ? { tls } : {};
  const addresses = addressList.split(',').map((text) => text.trim());
  if (addresses.length > MAX_ADDRESSES) throw new Error(`REDIS_URL names more than ${MAX_ADDRESSES} addresses`);
  const nodes = addresses.map(parseAddress);
  const credentials = {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
  if (kind === 'cluster') {
    if (path !== '') throw new Error('REDIS_URL: a Redis Cluster has no database number nor master name (no /…)');
    return { kind: 'cluster', nodes, ...credentials, ...overTls };
  }
  const [masterName = '', dbText = '0', ...rest] = path.split('/');
  if (!MASTER_NAME.test(masterName)) {
    throw new Error('REDIS_URL: a Sentinel URL ends with the master name the sentinels monitor (/mymaster)');
  }
  if (rest.length > 0 || !/^\d{1,2}$/.test(dbText)) {
    throw new Error('REDIS_URL: after the master name comes only a database number (/mymaster/0)');
  }
  return {
    kind: 'sentinel',
    sentinels: nodes,
    masterName,
    db: Number(dbText),
    ...credentials,
    ...(sentinelPassword ? { sentinelPassword } : {}),
    ...overTls,
  };
}

function parseAddress(text: string): RedisNodeAddress {
  const match = ADDRESS.exec(text);
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) {
    throw new Error(`REDIS_URL: "${text}" is not a host:port (each address of the list needs its port)`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}
