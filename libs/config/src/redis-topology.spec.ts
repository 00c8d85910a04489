import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';
import { parseRedisTopology } from './redis-topology';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false });

/** The problems loadConfig reports for `env` (none: an empty list). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('parseRedisTopology', () => {
  it('keeps a redis:// or rediss:// URL as it is: one server, as before', () => {
    expect(parseRedisTopology('redis://:pw@cache:6380/2')).toEqual({
      kind: 'standalone',
      url: 'redis://:pw@cache:6380/2',
    });
    expect(parseRedisTopology('rediss://cache:6379')).toEqual({
      kind: 'standalone',
      url: 'rediss://cache:6379',
      tls: {},
    });
  });

  it('reads a Sentinel group: its sentinels, the master name, the database, the credentials', () => {
    expect(
      parseRedisTopology('redis+sentinel://app:p%40ss@s1:26379,10.0.0.2:26380,[::1]:26381/mymaster/3', 'sp'),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      masterName: 'mymaster',
      db: 3,
      username: 'app',
      password: 'p@ss',
      sentinelPassword: 'sp',
    });
    expect(parseRedisTopology('redis+sentinel://s1:26379/mymaster')).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: 's1', port: 26379 }],
      masterName: 'mymaster',
      db: 0,
    });
  });

  it('reads a Cluster: its seed nodes and the password', () => {
    expect(parseRedisTopology('redis+cluster://:pw@n1:7000,n2:7001')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
      password: 'pw',
    });
  });

  it('carries the TLS settings exactly when the URL asks for TLS (rediss…), to the sentinels and the servers', () => {
    const tls = { ca: 'CA PEM', servername: 'redis.internal' };
    expect(parseRedisTopology('rediss+sentinel://s1:26379/mymaster', undefined, tls)).toMatchObject({
      kind: 'sentinel',
      tls,
    });
    expect(parseRedisTopology('rediss+cluster://n1:7000', undefined, tls)).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'n1', port: 7000 }],
      tls,
    });
    expect(parseRedisTopology('rediss://cache:6380', undefined, tls)).toEqual({
      kind: 'standalone',
      url: 'rediss://cache:6380',
      tls,
    });
    expect(parseRedisTopology('redis+cluster://n1:7000', undefined, tls)).not.toHaveProperty('tls');
    expect(parseRedisTopology('redis://cache:6379', undefined, tls)).not.toHaveProperty('tls');
  });

  it.each([
    ['http://cache:6379', /REDIS_URL must be redis:\/\/host:port/],
    ['redisss+cluster://n1:7000', /REDIS_URL must be redis:\/\/host:port/],
    ['redis+sentinel://s1:26379', /ends with the master name/],
    ['redis+sentinel://s1:26379/mymaster/x', /only a database number/],
    ['redis+sentinel://s1/mymaster', /"s1" is not a host:port/],
    ['redis+cluster://n1:7000,n2:99999', /"n2:99999" is not a host:port/],
    ['redis+cluster://n1:7000/0', /a Redis Cluster has no database number/],
    [`redis+cluster://${Array.from({ length: 33 }, (_, i) => `n${i}:7000`).join(',')}`, /more than 32 addresses/],
  ])('refuses %s, saying why', (url, reason) => {
    expect(() => parseRedisTopology(url)).toThrow(reason);
  });
});

describe('loadConfig with a Sentinel group or a Cluster', () => {
  it('puts the prefix in braces on a Cluster, so that every key hashes to one slot, and only there', () => {
    expect(load({ REDIS_URL: 'redis+cluster://n1:7000', REDIS_PREFIX: 'ops' }).redisPrefix).toBe('{ops}');
    expect(load({ REDIS_URL: 'redis+sentinel://s1:26379/mymaster', REDIS_PREFIX: 'ops' }).redisPrefix).toBe('ops');
    expect(load({ REDIS_PREFIX: 'ops' }).redisPrefix).toBe('ops');
    expect(load({}).redis).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
  });

  it('refuses a malformed group URL naming the variable, without printing its password', () => {
    let message = '';
    try {
      load({ REDIS_URL: 'redis+sentinel://:s3cr3t-redis@s1:26379' });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      message = error.message;
    }
    expect(message).toContain('REDIS_URL: a Sentinel URL ends with the master name');
    expect(message).not.toContain('s3cr3t');
  });

  it('reads the REDIS_TLS_* files, and refuses them for a URL without TLS, unreadable, or a certificate alone', () => {
    const ca = join(tmpdir(), `relais-ca-${process.pid}.pem`);
    writeFileSync(ca, 'CA PEM');
    try {
      expect(load({ REDIS_URL: 'rediss+cluster://n1:7000', REDIS_TLS_CA_FILE: ca }).redis).toMatchObject({
        tls: { ca: 'CA PEM' },
      });
      expect(problemsOf({ REDIS_URL: 'redis://cache:6379', REDIS_TLS_CA_FILE: ca })).toEqual([
        expect.stringContaining('REDIS_TLS_CA_FILE: REDIS_URL does not use TLS'),
      ]);
      expect(problemsOf({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' })).toEqual([
        'REDIS_TLS_CA_FILE could not be read (ENOENT): /nonexistent/ca.pem',
      ]);
      expect(problemsOf({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CERT_FILE: ca })).toEqual([
        expect.stringContaining('REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE go together'),
      ]);
    } finally {
      rmSync(ca);
    }
  });

  it('counts the client key of REDIS_TLS_KEY_FILE among the secrets to redact', () => {
    const key = join(tmpdir(), `relais-key-${process.pid}.pem`);
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nsecret key\n');
    try {
      const config = load({ REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CERT_FILE: key, REDIS_TLS_KEY_FILE: key });
      expect(config.secrets).toContain('-----BEGIN PRIVATE KEY-----\nsecret key\n');
    } finally {
      rmSync(key);
    }
  });

  it('counts the group password and the sentinels’ password among the secrets to redact', () => {
    const config = load({
      REDIS_URL: 'redis+sentinel://:master-secret@s1:26379/mymaster',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    expect(config.secrets).toEqual(expect.arrayContaining(['master-secret', 'sentinel-secret']));
  });
});
