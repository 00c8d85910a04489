import Database from 'better-sqlite3';
import { createServer, Socket, type Server } from 'node:net';
import type { RunSummary } from '@relais/contracts';
import { freePort } from '../support/free-port';
import type { GuardedProcess } from '../support/guarded-process';
import { startRedisOn } from '../support/redis-on-port';
import { testDatabase, testDbKind, type TestDatabase } from '../support/test-env';
import { callApi, startGateway, type RunningGateway } from './gateway-harness';

/*
 * Issue 16, items 11 and 14: with Redis or the database away, the gateway said 500, so a client retrying
 * without an idempotency key started a second run. A run recorded is accepted (202, its id); nothing recorded
 * is a 503 with Retry-After.
 */

const FLOW = 'test.do-nothing';

describe('Launches while Redis is away', () => {
  let redis: GuardedProcess | undefined;
  let gateway: RunningGateway | undefined;

  afterAll(async () => {
    await gateway?.close();
    await redis?.stop();
    await gateway?.cleanup();
  });

  it('answers 202 with the id of the run it recorded, and the run is there to read', async () => {
    const port = await freePort();
    redis = await startRedisOn(port);
    gateway = await startGateway({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    const before = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${FLOW}/runs`, { body: {} });
    expect(before.status).toBe(201);

    await redis.stop();
    const launch = await callApi<RunSummary>(gateway, 'POST', `/api/flows/${FLOW}/runs`, { body: {} });
    expect(launch.status).toBe(202);
    expect(launch.body).toMatchObject({ flowName: FLOW, state: 'PENDING' });
    const read = await callApi<RunSummary>(gateway, 'GET', `/api/runs/${launch.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(launch.body.id);
  });
});

/** A TCP relay to the database server that can be cut: the database becomes unreachable for one gateway only. */
class CuttableRelay {
  private readonly sockets = new Set<Socket>();
  private cut = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async to(targetPort: number): Promise<CuttableRelay> {
    const server = createServer();
    const port = await freePort();
    const relay = new CuttableRelay(server, port);
    server.on('connection', (client) => relay.relay(client, targetPort));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return relay;
  }

  /** Drops every connection and refuses new ones. */
  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.cutOff();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, targetPort: number): void {
    if (this.cut) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}

describe('Launches and reads while the database is away', () => {
  let database: TestDatabase | undefined;
  let relay: CuttableRelay | undefined;
  let lock: Database.Database | undefined;
  let gateway: RunningGateway | undefined;

  afterAll(async () => {
    lock?.close();
    await gateway?.close();
    await relay?.close();
    await gateway?.cleanup();
    await database?.drop();
  });

  it('answers 503 with Retry-After, never 500', async () => {
    database = await testDatabase();
    let databaseUrl = database.url;
    if (testDbKind() === 'mariadb') {
      const target = new URL(database.url);
      relay = await CuttableRelay.to(Number(target.port));
      target.port = String(relay.port);
      databaseUrl = target.toString();
    }
    gateway = await startGateway({ env: { DATABASE_URL: databaseUrl } });
    expect((await callApi(gateway, 'POST', `/api/flows/${FLOW}/runs`, { body: {} })).status).toBe(201);

    if (relay) {
      relay.cutOff();
      // Reads need the database too: on MariaDB, it is out of reach.
      const read = await callApi(gateway, 'GET', '/api/runs');
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBe('5');
    } else {
      // SQLite cannot be out of reach; another process holding the write lock past the busy timeout is its outage.
      lock = new Database((gateway.config.database as { path: string }).path);
      lock.exec('BEGIN IMMEDIATE');
    }
    const launch = await callApi<{ message: string }>(gateway, 'POST', `/api/flows/${FLOW}/runs`, { body: {} });
    expect(launch.status).toBe(503);
    expect(launch.headers.get('retry-after')).toBe('5');
    expect(launch.body.message).toMatch(/database is unavailable/);
  }, 60_000);
});
