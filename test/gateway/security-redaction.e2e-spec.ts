import type { TestingModule } from '@nestjs/testing';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { RunState } from '@relais/contracts';
import { RunLogRepository } from '@relais/persistence';
import {
  EventRecorder,
  launcherOf,
  runsOf,
  spawnTsProcess,
  startProducer,
  startWorker,
  waitForRunState,
} from '../engine/engine-harness';
import { FAIL_FLOW } from '../engine/test-flows';
import { freePort } from '../support/free-port';
import { testConfig, testDbKind, waitFor, type TestConfig } from '../support/test-env';

/** The real gateway (apps/gateway/src/main.ts) as a child process, its stdout and stderr captured. */
class GatewayProcess {
  private output = '';
  private readonly exit: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.output += chunk));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(env: Record<string, string>): Promise<GatewayProcess> {
    const port = await freePort();
    const child = spawnTsProcess('apps/gateway/src/main.ts', { ...env, GATEWAY_PORT: String(port), NO_COLOR: '1' });
    const gateway = new GatewayProcess(child, `http://127.0.0.1:${port}`);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`The gateway exited with ${child.exitCode}:\n${gateway.output}`);
        return (await fetch(`${gateway.url}/api/health`).catch(() => null))?.ok === true;
      },
      { timeoutMs: 90_000, intervalMs: 250, message: 'the gateway process to answer /api/health' },
    );
    return gateway;
  }

  async call(method: string, path: string, token?: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
  }

  /** Stops the process (SIGTERM) and returns everything it printed. */
  async stop(): Promise<string> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exit;
    return this.output;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A MariaDB account with a password on the test database, so that DATABASE_URL carries a secret. */
async function withPasswordAccount(databaseUrl: string, password: string): Promise<string> {
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const user = `u_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(`${url.protocol}//${url.username}@${url.host}/`);
  try {
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ?@?`, [user, '%']);
  } finally {
    await admin.end();
  }
  return `mysql://${user}:${encodeURIComponent(password)}@${url.host}/${database}`;
}

describe('gateway security: secrets never reach the logs', () => {
  it('redacts configured secrets and tokens from everything the real gateway process prints', async () => {
    const adminToken = `adm-${randomBytes(20).toString('hex')}`;
    const wordpressPassword = `Wp7q ${randomBytes(4).toString('hex')} Zk2m`;
    const piwigoPassword = `piwigo-${randomBytes(8).toString('hex')}`;
    const connectionPassword = `conn-${randomBytes(8).toString('hex')}`;
    const setup = await testConfig({
      RELAIS_ADMIN_TOKEN: adminToken,
      WORDPRESS_APP_PASSWORD: wordpressPassword,
      PIWIGO_PASSWORD: piwigoPassword,
      LOG_LEVEL: 'debug',
    });
    const env = { ...setup.env };
    if (testDbKind() === 'mariadb') {
      env.DATABASE_URL = await withPasswordAccount(setup.env.DATABASE_URL, connectionPassword);
    } else {
      // The test Redis has no password: ioredis notices and connects anyway, so the URL can carry one.
      env.REDIS_URL = setup.env.REDIS_URL.replace('redis://', `redis://:${connectionPassword}@`);
    }

    let gateway: GatewayProcess | undefined;
    try {
      gateway = await GatewayProcess.start(env);
      const unknownToken = `relais_${randomBytes(32).toString('base64url')}`;
      expect((await gateway.call('GET', '/api/whoami', unknownToken)).status).toBe(401);
      const query = `probe=${encodeURIComponent(wordpressPassword)}&other=${piwigoPassword}`;
      expect((await gateway.call('GET', `/api/whoami?${query}`, adminToken)).status).toBe(200);
      expect((await gateway.call('GET', `/admin/queues?token=${adminToken}`)).status).toBe(303);
      const created = await gateway.call('POST', '/api/tokens', adminToken, {
        name: 'redaction-probe',
        role: 'viewer',
      });
      expect(created.status).toBe(201);
      const createdToken = ((await created.json()) as { token: string }).token;
      expect((await gateway.call('GET', `/api/whoami?echo=${createdToken}`, createdToken)).status).toBe(200);
      expect((await gateway.call('GET', `/api/whoami?t=${unknownToken}`)).status).toBe(401);

      const output = await gateway.stop();
      for (const secret of [
        adminToken,
        wordpressPassword,
        encodeURIComponent(wordpressPassword),
        piwigoPassword,
        connectionPassword,
        createdToken,
        unknownToken,
      ]) {
        expect({ secret, leaked: output.includes(secret) }).toEqual({ secret, leaked: false });
      }
      // The requests were logged, with the secrets they carried replaced.
      expect(output).toContain('GET /api/whoami?probe=[REDACTED]&other=[REDACTED] 200');
      expect(output).toContain('GET /admin/queues?token=[REDACTED] 303');
      expect(output).toContain('GET /api/whoami?echo=[REDACTED] 200');
      expect(output).toContain('GET /api/whoami?t=[REDACTED] 401');
      expect(output).toContain('POST /api/tokens 201');
    } finally {
      gateway?.kill();
      await setup.cleanup();
    }
  });

  describe('run logs and run errors', () => {
    const secret = `s3cret-${randomBytes(8).toString('hex')}`;
    const token = `relais_${randomBytes(32).toString('base64url')}`;
    let setup: TestConfig;
    let producer: TestingModule;
    let worker: TestingModule;
    let events: EventRecorder;

    beforeAll(async () => {
      setup = await testConfig({ WORDPRESS_APP_PASSWORD: secret });
      producer = await startProducer(setup.config);
      worker = await startWorker(setup.config);
      events = await EventRecorder.start(setup.config);
    });

    afterAll(async () => {
      await events.stop();
      await worker.close();
      await producer.close();
      await setup.cleanup();
    });

    it('stores and broadcasts a failing flow’s error and log lines with its secrets redacted', async () => {
      const { run } = await launcherOf(producer).launch(FAIL_FLOW.name, {
        message: `WordPress refused ${secret} (Authorization: Bearer ${token})`,
        permanent: true,
      });
      const failed = await waitForRunState(runsOf(producer), run.id, [RunState.FAILED], 30_000);
      expect(failed.error).toBe('WordPress refused [REDACTED] (Authorization: Bearer [REDACTED])');

      const lines = await producer.get(RunLogRepository).findByRun(run.id);
      expect(lines.map((line) => line.message)).toContain(
        'Failed: WordPress refused [REDACTED] (Authorization: Bearer [REDACTED])',
      );
      await waitFor(() => events.forRun(run.id).some((event) => event.event === 'run_log'), {
        message: 'the run_log event',
      });
      const broadcast = JSON.stringify(events.forRun(run.id));
      expect(broadcast).toContain('[REDACTED]');
      // The parameters are the caller's own input, kept as given; everything the run produced is scrubbed.
      const produced = JSON.stringify({ ...failed, parameters: null });
      for (const stored of [produced, JSON.stringify(lines), broadcast]) {
        expect(stored).not.toContain(secret);
        expect(stored).not.toContain(token);
      }
    });
  });
});
