import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { GuardedProcess } from '../support/guarded-process';
import { testTempDir, waitFor } from '../support/test-env';

const run = promisify(execFile);

/** Throw-away servers of a Redis Cluster or a Sentinel group, on loopback, with REDIS_URL to reach them. */
export interface RedisGroup {
  /** `redis+cluster://…` or `redis+sentinel://…/relais-master`. */
  url: string;
  stop(): Promise<void>;
}

export interface SentinelGroup extends RedisGroup {
  /** The master's and the replica's processes, by port. */
  servers: Map<number, GuardedProcess>;
  sentinelPorts: number[];
  /** The port of the server the sentinels call master now. */
  masterPort(): Promise<number>;
  /** Asks a sentinel to fail the master over (SENTINEL FAILOVER) and waits until the other server is master. */
  failover(): Promise<number>;
}

export const SENTINEL_MASTER_NAME = 'relais-master';

/** Files of a throw-away CA, a server certificate it signed (for 127.0.0.1 and redis.test) and a client's. */
export interface TlsFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * A CA and two certificates it signs, made with openssl in a temporary directory: the servers' (valid for the
 * IP 127.0.0.1 and the name redis.test) and a client's (for servers that require one: tls-auth-clients yes).
 */
export async function makeTlsFiles(): Promise<TlsFiles> {
  const directory = await testTempDir('redis-tls-');
  const file = (name: string): string => join(directory, name);
  const openssl = (...args: string[]): Promise<unknown> => run('openssl', args, { cwd: directory, timeout: 30_000 });
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Relais test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  );
  const sign = async (name: string, subject: string, extensions: string): Promise<void> => {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    await writeFile(file(`${name}.ext`), extensions);
    await openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.crt`),
    );
  };
  await sign('server', '/CN=redis.test', 'subjectAltName=IP:127.0.0.1,DNS:redis.test\n');
  await sign('client', '/CN=relais', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: file('ca.crt'),
    serverCert: file('server.crt'),
    serverKey: file('server.key'),
    clientCert: file('client.crt'),
    clientKey: file('client.key'),
  };
}

/** The REDIS_TLS_* variables with which Relais trusts `files`' CA and presents its client certificate. */
export function relaisTlsEnv(files: TlsFiles): Record<string, string> {
  return { REDIS_TLS_CA_FILE: files.ca, REDIS_TLS_CERT_FILE: files.clientCert, REDIS_TLS_KEY_FILE: files.clientKey };
}

/** redis-server options serving TLS only (`tls-port`, no plain port) with `files`, client certificates required. */
function tlsServerOptions(port: number, files: TlsFiles, cluster: boolean): Record<string, string> {
  return {
    port: '0',
    'tls-port': String(port),
    'tls-cert-file': files.serverCert,
    'tls-key-file': files.serverKey,
    'tls-ca-cert-file': files.ca,
    'tls-auth-clients': 'yes',
    ...(cluster ? { 'tls-cluster': 'yes' } : {}),
  };
}

/** One redis-server on loopback that speaks TLS only, with REDIS_URL (rediss://) to reach it. */
export async function startTlsServer(files: TlsFiles): Promise<RedisGroup> {
  const [port] = await freePortsWithBus(1);
  const server = await startServer(port, tlsServerOptions(port, files, false), files);
  return { url: `rediss://127.0.0.1:${port}`, stop: () => server.stop() };
}

/**
 * Three `redis-server --cluster-enabled yes` nodes joined by `redis-cli --cluster create` (masters only, the
 * 16 384 slots split between them), ready once every node reports `cluster_state:ok`. With `tls`, the nodes
 * speak TLS only, to clients and to each other (tls-cluster), and the URL is rediss+cluster://.
 */
export async function startRedisCluster(tls?: TlsFiles): Promise<RedisGroup> {
  const ports = await freePortsWithBus(3);
  const nodes = await Promise.all(
    ports.map((port) =>
      startServer(
        port,
        {
          'cluster-enabled': 'yes',
          'cluster-config-file': 'nodes.conf',
          'cluster-node-timeout': '2000',
          ...(tls ? tlsServerOptions(port, tls, true) : {}),
        },
        tls,
      ),
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    const cliTls = tls ? ['--tls', '--cacert', tls.ca, '--cert', tls.clientCert, '--key', tls.clientKey] : [];
    await run(
      'redis-cli',
      [...cliTls, '--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-yes'],
      { timeout: 20_000 },
    );
    for (const port of ports) {
      await waitFor(async () => /cluster_state:ok/.test(await command(port, 'CLUSTER', 'INFO', tls)), {
        timeoutMs: 20_000,
        message: `cluster node ${port} to report cluster_state:ok`,
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const scheme = tls ? 'rediss+cluster' : 'redis+cluster';
  return { url: `${scheme}://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, stop };
}

/**
 * A master, a replica of it, and three sentinels watching them (quorum 2, a master is down after 1 s of
 * silence), ready once every sentinel knows the replica and the two other sentinels. With `tls`, all of them
 * speak TLS only (replication and the sentinels' links too), and the URL is rediss+sentinel://.
 */
export async function startSentinelGroup(tls?: TlsFiles): Promise<SentinelGroup> {
  const [masterPort, replicaPort, ...sentinelPorts] = await freePortsWithBus(5);
  const servers = new Map<number, GuardedProcess>();
  const sentinels: GuardedProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all([...sentinels, ...servers.values()].map((process) => process.stop()));
  };
  try {
    const serverTls = (port: number): Record<string, string> =>
      tls ? { ...tlsServerOptions(port, tls, false), 'tls-replication': 'yes' } : {};
    servers.set(masterPort, await startServer(masterPort, serverTls(masterPort), tls));
    servers.set(
      replicaPort,
      await startServer(replicaPort, { replicaof: `127.0.0.1 ${masterPort}`, ...serverTls(replicaPort) }, tls),
    );
    await waitFor(async () => /master_link_status:up/.test(await command(replicaPort, 'INFO', 'replication', tls)), {
      timeoutMs: 15_000,
      message: 'the replica to sync with the master',
    });
    for (const port of sentinelPorts) sentinels.push(await startSentinel(port, masterPort, tls));
    for (const port of sentinelPorts) {
      await waitFor(
        async () =>
          (await command(port, 'SENTINEL', 'REPLICAS', SENTINEL_MASTER_NAME, tls)).includes(String(replicaPort)) &&
          (await command(port, 'SENTINEL', 'SENTINELS', SENTINEL_MASTER_NAME, tls)).split(',').length >= 2,
        { timeoutMs: 20_000, intervalMs: 200, message: `sentinel ${port} to know the replica and the other sentinels` },
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const masterPortNow = async (): Promise<number> =>
    Number(
      (await command(sentinelPorts[0], 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER_NAME, tls)).split(',')[1],
    );
  return {
    url: `${tls ? 'rediss' : 'redis'}+sentinel://${sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',')}/${SENTINEL_MASTER_NAME}`,
    servers,
    sentinelPorts,
    masterPort: masterPortNow,
    failover: async () => {
      const before = await masterPortNow();
      await command(sentinelPorts[0], 'SENTINEL', 'FAILOVER', SENTINEL_MASTER_NAME, tls);
      // A sentinel busy with the switch may drop a connection: ask again.
      await waitFor(async () => (await masterPortNow().catch(() => before)) !== before, {
        timeoutMs: 20_000,
        intervalMs: 100,
        message: 'the sentinels to name the replica master',
      });
      return masterPortNow();
    },
    stop,
  };
}

async function startServer(port: number, options: Record<string, string>, tls?: TlsFiles): Promise<GuardedProcess> {
  const directory = await testTempDir('redis-ha-');
  const args = Object.entries({
    port: String(port),
    bind: '127.0.0.1',
    dir: directory,
    save: '',
    appendonly: 'no',
    loglevel: 'warning',
    ...options,
  }).flatMap(([option, value]) => [`--${option}`, ...value.split(' ')]);
  const server = GuardedProcess.start({
    name: `redis-server:${port}`,
    command: 'redis-server',
    args,
    directory,
    stopSignal: 'KILL',
  });
  await waitUntilAnswering(port, server, tls);
  return server;
}

async function startSentinel(port: number, masterPort: number, tls?: TlsFiles): Promise<GuardedProcess> {
  const directory = await testTempDir('sentinel-');
  const file = join(directory, 'sentinel.conf');
  // Sentinel rewrites its configuration file as it learns the group: it must be a writable file of its own.
  await writeFile(
    file,
    [
      ...(tls
        ? Object.entries({ ...tlsServerOptions(port, tls, false), 'tls-replication': 'yes' }).map(
            ([option, value]) => `${option} ${value}`,
          )
        : [`port ${port}`]),
      'bind 127.0.0.1',
      `dir ${directory}`,
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 1000`,
      // Short on loopback: a failover that stalls is given up and tried again within seconds.
      `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 2000`,
      `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
      '',
    ].join('\n'),
  );
  // redis-sentinel is redis-server in sentinel mode; not every package installs the redis-sentinel name.
  const sentinel = GuardedProcess.start({
    name: `redis-sentinel:${port}`,
    command: 'redis-server',
    args: [file, '--sentinel'],
    directory,
    stopSignal: 'KILL',
  });
  await waitUntilAnswering(port, sentinel, tls);
  return sentinel;
}

async function waitUntilAnswering(port: number, process: GuardedProcess, tls?: TlsFiles): Promise<void> {
  await waitFor(
    async () => {
      if (!process.isRunning()) throw new Error(`${process.name} stopped:\n${process.output()}`);
      return (await command(port, 'PING', tls).catch(() => '')) === 'PONG';
    },
    { timeoutMs: 10_000, message: `${process.name} to answer PING` },
  );
}

/**
 * One command to one server, its reply flattened to text (arrays joined with commas); over TLS, with the client
 * certificate, when the last argument is the TLS files.
 */
export async function command(port: number, ...commandAndTls: (string | TlsFiles | undefined)[]): Promise<string> {
  const last = commandAndTls.at(-1);
  const tls = typeof last === 'object' ? last : undefined;
  const args = commandAndTls.filter((arg): arg is string => typeof arg === 'string');
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(tls
      ? {
          tls: {
            ca: await readFile(tls.ca),
            cert: await readFile(tls.clientCert),
            key: await readFile(tls.clientKey),
          },
        }
      : {}),
  });
  try {
    await redis.connect();
    const reply: unknown = await redis.call(args[0], ...args.slice(1));
    return flatten(reply);
  } catch (error) {
    throw new Error(`${args.join(' ')} on port ${port}: ${(error as Error).message}`, { cause: error });
  } finally {
    redis.disconnect();
  }
}

function flatten(reply: unknown): string {
  if (Array.isArray(reply)) return reply.map(flatten).join(',');
  if (Buffer.isBuffer(reply)) return reply.toString();
  return String(reply);
}

/**
 * `count` ports free on 127.0.0.1, each with its Cluster bus port (port + 10 000) free too, between 20 000 and
 * 29 999 so that the bus port stays valid.
 */
async function freePortsWithBus(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (ports.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Runs scripts/redis-probe.js (the container probe of the scheduler and workers) as the image lays it out: the
 * script beside a `dist/` holding the built config lib, here transpiled into a temporary directory. Resolves
 * with its exit code and what it wrote to stderr.
 */
export async function runContainerProbe(
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  const image = await testTempDir('probe-image-');
  const root = join(__dirname, '..', '..');
  const lib = join(image, 'dist', 'libs', 'config', 'src');
  await mkdir(lib, { recursive: true });
  await mkdir(join(image, 'scripts'));
  const source = await readFile(join(root, 'libs', 'config', 'src', 'redis-topology.ts'), 'utf8');
  const compiled = transpileModule(source, {
    compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
  });
  await writeFile(join(lib, 'redis-topology.js'), compiled.outputText);
  await copyFile(join(root, 'scripts', 'redis-probe.js'), join(image, 'scripts', 'redis-probe.js'));
  try {
    const { stderr } = await run(process.execPath, [join(image, 'scripts', 'redis-probe.js')], {
      env: { PATH: process.env.PATH, REDIS_URL: redisUrl, NODE_PATH: join(root, 'node_modules'), ...env },
      timeout: 10_000,
    });
    return { code: 0, stderr };
  } catch (error) {
    const failure = error as { code?: number; stderr?: string };
    return { code: failure.code ?? -1, stderr: failure.stderr ?? '' };
  } finally {
    await rm(image, { recursive: true, force: true });
  }
}
