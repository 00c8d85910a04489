/** One Redis node or Sentinel, as `host:port`. */
export interface RedisNodeAddress {
  host: string;
  port: number;
}

/**
 * Where Relais's Redis is, read from REDIS_URL:
 * - `redis://[user:password@]host:port[/db]` (or `rediss://`): one server, as always;
 * - `redis+sentinel://[user:password@]host:port[,host:port…]/master-name[/db]`: a Sentinel group, whose
 *   sentinels say which server is the master now (the password is the master's; REDIS_SENTINEL_PASSWORD is the
 *   sentinels' own, if they have one);
 * - `redis+cluster://[user:password@]host:port[,host:port…]`: a Redis Cluster, from any of its nodes.
 */
export type RedisTopology =
  | { kind: 'standalone'; url: string }
  | {
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      masterName: string;
      db: number;
      username?: string;
      password?: string;
      sentinelPassword?: string;
    }
  | { kind: 'cluster'; nodes: RedisNodeAddress[]; username?: string; password?: string };

/** A Sentinel group or a Cluster is named by at most this many addresses (a bound on input, not on Redis). */
const MAX_ADDRESSES = 32;

const GROUP_URL = /^redis\+(sentinel|cluster):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)(?:\/([^?#]*))?$/;
const ADDRESS = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const MASTER_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * REDIS_URL read into a topology; a URL that is not a valid one of the three forms throws an Error saying what
 * is wrong with it (the configuration validator shows that message).
 */
export function parseRedisTopology(url: string, sentinelPassword?: string): RedisTopology {
  if (/^rediss?:\/\/./.test(url)) return { kind: 'standalone', url };
  const match = GROUP_URL.exec(url);
  if (!match) {
    throw new Error(
      'REDIS_URL must be redis://host:port[/db], redis+sentinel://host:port[,host:port…]/master-name[/db] or ' +
        'redis+cluster://host:port[,host:port…]',
    );
  }
  const [, kind, username, password, addressList, path = ''] = match;
  const addresses = addressList.split(',').map((text) => text.trim());
  if (addresses.length > MAX_ADDRESSES) throw new Error(`REDIS_URL names more than ${MAX_ADDRESSES} addresses`);
  const nodes = addresses.map(parseAddress);
  const credentials = {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
  if (kind === 'cluster') {
    if (path !== '') throw new Error('REDIS_URL: a Redis Cluster has no database number nor master name (no /…)');
    return { kind: 'cluster', nodes, ...credentials };
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
