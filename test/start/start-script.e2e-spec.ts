import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RunState, type RunDetail, type RunSummary } from '@relais/contracts';
import { freePort } from '../support/free-port';
import { testDatabase, testDbKind, testTempDir, waitFor, type TestDatabase } from '../support/test-env';
import { builtWorkerApps, isAlive, RelaisStartSession, ROOT } from './relais-start.session';
import { HEAP_LIMITS_MB } from '../../scripts/supervisor/heap-limits';

/** Four Nest apps starting on a shared two-core CI machine. */
const START_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 360_000;
const KEPT_KEY = 'start-test:kept';

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('npm start (scripts/start.sh and its supervisor)', () => {
  let dataDir: string;
  let database: TestDatabase | null = null;
  let gatewayPort: number;
  let redisPort: number;
  let chromaPort: number;
  let env: NodeJS.ProcessEnv;
  let session: RelaisStartSession | undefined;
  let adminToken: string;
  let runId: string;

  const url = (path: string): string => `http://127.0.0.1:${gatewayPort}${path}`;
  const get = (path: string, token: string | null = adminToken): Promise<Response> =>
    fetch(url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function startSession(): Promise<RelaisStartSession> {
    const started = new RelaisStartSession(env);
    session = started;
    await waitFor(
      () => {
        if (!started.isRunning()) throw new Error(`npm start exited early:\n${started.tail()}`);
        return started.output().includes('Relais is up.');
      },
      { timeoutMs: START_TIMEOUT_MS, intervalMs: 200, message: 'the "Relais is up." banner' },
    );
    return started;
  }

  async function stopSession(running: RelaisStartSession): Promise<{ code: number | null; signal: string | null }> {
    running.signal('SIGINT');
    const exit = await running.exited;
    session = undefined;
    return exit;
  }

  beforeAll(async () => {
    // CI builds before the tests; a developer's first run may not have.
    if (!existsSync(join(ROOT, 'dist', 'apps', 'gateway', 'src', 'main.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    }
    dataDir = await testTempDir('start-');
    gatewayPort = await freePort();
    redisPort = await freePort();
    chromaPort = await freePort();
    if (testDbKind() === 'mariadb') database = await testDatabase();
    env = {
      ...process.env,
      RELAIS_START_SKIP_INSTALL: '1',
      RELAIS_DATA_DIR: dataDir,
      GATEWAY_PORT: String(gatewayPort),
      RELAIS_REDIS_PORT: String(redisPort),
      RELAIS_CHROMA_PORT: String(chromaPort),
      // Empty counts as unset for the supervisor and the apps, and keeps a developer's .env from filling these in.
      REDIS_URL: '',
      CHROMA_URL: '',
      RELAIS_ADMIN_TOKEN: '',
      DATABASE_URL: database?.url ?? '',
      REDIS_PREFIX: 'relais',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
      NO_COLOR: '1',
    };
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await session?.kill();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'starts Redis, the gateway, the scheduler and every worker app, and prints the URLs and the admin token',
    async () => {
      const running = await startSession();

      const tokenFile = join(dataDir, 'admin-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      adminToken = readFileSync(tokenFile, 'utf8').trim();
      expect(adminToken).toMatch(/^relais_[A-Za-z0-9_-]{43}$/);
      const output = running.output();
      expect(output).toContain(`Generated the admin token into ${tokenFile}`);
      expect(output).toContain(`Admin token  ${adminToken}`);
      expect(output).toContain(`http://localhost:${gatewayPort}/api/docs?token=${adminToken}`);
      expect(output).toContain(`http://localhost:${gatewayPort}/admin/queues?token=${adminToken}`);
      expect(output).toMatch(/^\[gateway\]\s+.*Listening on 127\.0\.0\.1:\d+/m);
      expect(output).toContain(`Dashboard    http://localhost:${gatewayPort}/`);
      expect(output).toContain(
        'Reach        this machine only; to open it from elsewhere: GATEWAY_HOST=0.0.0.0 npm start',
      );

      const names = running.started().map((entry) => entry.name);
      expect(names).toEqual(expect.arrayContaining(['redis', 'chroma', 'gateway', 'scheduler', ...builtWorkerApps()]));
      expect(builtWorkerApps()).toContain('worker-ops');
      for (const { pid } of running.started()) expect(isAlive(pid)).toBe(true);
      // Each app runs with its heap limit (scripts/supervisor/heap-limits.js).
      for (const { name, pid } of running.started().filter((entry) => entry.name in HEAP_LIMITS_MB)) {
        expect({ name, args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') }).toEqual({
          name,
          args: expect.arrayContaining([`--max-old-space-size=${HEAP_LIMITS_MB[name]}`]) as string[],
        });
      }
      // Redis keeps its append-only file in the data directory, Chroma its database.
      expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
      expect(existsSync(join(dataDir, 'chroma', 'chroma.sqlite3'))).toBe(true);
      expect(output).toContain(`Chroma       http://127.0.0.1:${chromaPort} (data in ${join(dataDir, 'chroma')})`);

      // Where the banner says: this machine only (127.0.0.2 is loopback too, but not the address bound).
      expect((await get('/', null)).status).toBe(200);
      expect(await fetch(`http://127.0.0.2:${gatewayPort}/api/health`).catch(() => null)).toBeNull();
      const health = await get('/api/health', null);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', redis: true, database: true });
      expect((await get('/api/flows', null)).status).toBe(401);
      const flows = await get('/api/flows');
      expect(flows.status).toBe(200);
      expect(JSON.stringify(await flows.json())).toContain('ops.health-check');

      // The platform works end to end: the gateway enqueues, worker-ops runs it.
      const launched = await fetch(url('/api/flows/ops.health-check/runs'), {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: {} }),
      });
      expect(launched.status).toBe(201);
      runId = ((await launched.json()) as RunSummary).id;
      await waitFor(
        async () => ((await (await get(`/api/runs/${runId}`)).json()) as RunDetail).state === RunState.COMPLETED,
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          message: `run ${runId} to complete`,
        },
      );
      // The health check probes the Chroma npm start started.
      const healthRun = (await (await get(`/api/runs/${runId}`)).json()) as RunDetail;
      const findings = (healthRun.result as { findings: { check: string; ok: boolean; message: string }[] }).findings;
      expect(findings.find((finding) => finding.check === 'chroma')).toMatchObject({ ok: true });

      // The documents worker ingests into that Chroma and finds what it ingested, with nothing configured.
      const smoke = await fetch(url('/api/flows/documents.smoke-tests/runs'), {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ parameters: {} }),
      });
      const smokeId = ((await smoke.json()) as RunSummary).id;
      let smokeState: RunState | undefined;
      await waitFor(
        async () => {
          smokeState = ((await (await get(`/api/runs/${smokeId}`)).json()) as RunDetail).state;
          return smokeState === RunState.COMPLETED || smokeState === RunState.FAILED;
        },
        { timeoutMs: 60_000, intervalMs: 500, message: `smoke test run ${smokeId} to end` },
      );
      expect(smokeState).toBe(RunState.COMPLETED);

      const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
      try {
        await redis.set(KEPT_KEY, runId);
      } finally {
        await redis.quit();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'restarts an app that dies on its own',
    async () => {
      const running = session!;
      const [scheduler] = running.pidsOf('scheduler');
      process.kill(scheduler, 'SIGKILL');
      await waitFor(() => running.pidsOf('scheduler').length === 2, {
        timeoutMs: 30_000,
        message: () => `a second scheduler after killing pid ${scheduler}:\n${running.tail()}`,
      });
      expect(running.output()).toMatch(/scheduler was killed by SIGKILL after [\d.]+ s: restarting it in 1 s/);
      const restarted = running.pidsOf('scheduler')[1];
      expect(isAlive(scheduler)).toBe(false);
      await waitFor(() => running.output().includes(`[scheduler] Started (pid ${restarted})`), {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 200,
        message: 'the restarted scheduler to start',
      });
      expect(isAlive(restarted)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops every app, then Redis, on Ctrl-C (SIGINT) and exits 0',
    async () => {
      const running = session!;
      const pids = running.started().map((entry) => entry.pid);
      expect(await stopSession(running)).toEqual({ code: 0, signal: null });

      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      expect(await refusesConnections(redisPort)).toBe(true);
      expect(await refusesConnections(chromaPort)).toBe(true);
      expect(await refusesConnections(gatewayPort)).toBe(true);
      const output = running.output();
      expect(output).toContain('Every process stopped.');
      for (const app of ['gateway', 'scheduler', ...builtWorkerApps()]) {
        expect(output).toMatch(new RegExp(`^\\[${app}\\]\\s+.*SIGTERM received: shutting down`, 'm'));
      }
      // Redis goes last: the apps flush their final writes into it.
      const redisStopping = output.indexOf('User requested shutdown');
      expect(redisStopping).toBeGreaterThan(output.lastIndexOf('SIGTERM received: shutting down'));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps the data on a second start: the same admin token, the runs and the Redis keys',
    async () => {
      const running = await startSession();
      expect(running.output()).not.toContain('Generated the admin token');
      expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(adminToken);
      expect(running.output()).toContain(`Admin token  ${adminToken}`);

      expect((await get('/api/flows')).status).toBe(200);
      const run = await get(`/api/runs/${runId}`);
      expect(run.status).toBe(200);
      expect(await run.json()).toMatchObject({ id: runId, state: 'COMPLETED' });
      const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
      try {
        expect(await redis.get(KEPT_KEY)).toBe(runId);
      } finally {
        await redis.quit();
      }

      expect(await stopSession(running)).toEqual({ code: 0, signal: null });
      expect(await refusesConnections(redisPort)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses to start, starting nothing, when a variable is invalid or the gateway port is taken',
    async () => {
      const directory = await testTempDir('start-refused-');
      try {
        const badVariable = new RelaisStartSession({ ...env, RELAIS_DATA_DIR: directory, WORKER_CONCURRENCY: 'abc' });
        session = badVariable;
        expect(await badVariable.exited).toEqual({ code: 1, signal: null });
        expect(badVariable.output()).toContain('WORKER_CONCURRENCY must be an integer between 1 and 1000 (got "abc")');
        expect(badVariable.started()).toEqual([]);

        const squatter = createServer();
        await new Promise<void>((resolve) => squatter.listen(gatewayPort, '127.0.0.1', resolve));
        try {
          const portTaken = new RelaisStartSession({ ...env, RELAIS_DATA_DIR: directory });
          session = portTaken;
          expect(await portTaken.exited).toEqual({ code: 1, signal: null });
          expect(portTaken.output()).toContain(`Port ${gatewayPort} is in use`);
          expect(portTaken.started()).toEqual([]);
        } finally {
          await new Promise((resolve) => squatter.close(resolve));
        }
        session = undefined;
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
