import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { loadConfig, type RelaisConfig } from '@relais/config';
import type { ArtifactKind } from '@relais/contracts';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';
import { HealthCheckParams } from '@relais/domains/ops/contracts';
import {
  FlowCatalogue,
  QueueRegistry,
  type ChildOutcome,
  type RunContext,
  type RunLogger,
  type StepContext,
} from '@relais/engine';
import { DatabaseProbe } from './database-probe';
import { HealthCheckFlow } from './health-check.flow';
import { freePort, LocalRedisServer } from './testing/redis-server.testing';

/** Records what the flow does with its context; steps simply run, as on a first attempt. */
class RecordingRunContext implements RunContext<HealthCheckParams> {
  readonly runId = 'run-1';
  readonly flowName = 'ops.health-check';
  readonly attempt = 1;
  readonly deploymentName = null;
  readonly signal = new AbortController().signal;
  readonly steps: string[] = [];
  readonly lines: { level: keyof RunLogger; message: string }[] = [];
  readonly reports: { id: string; kind: ArtifactKind; key: string; content: unknown }[] = [];
  readonly progressed: number[] = [];
  readonly log: RunLogger = {
    debug: (message) => this.lines.push({ level: 'debug', message }),
    info: (message) => this.lines.push({ level: 'info', message }),
    warn: (message) => this.lines.push({ level: 'warn', message }),
    error: (message) => this.lines.push({ level: 'error', message }),
  };

  constructor(readonly params: HealthCheckParams) {}

  async step<T>(name: string, fn: (step: StepContext) => Promise<T> | T): Promise<T> {
    this.steps.push(name);
    const result = await fn({ idempotencyKey: `${this.runId}:${name}`, signal: this.signal, onRetry: () => undefined });
    // The engine stores step results as JSON: a result that does not survive the round trip would differ on replay.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    return result;
  }

  progress(percent: number): void {
    this.progressed.push(percent);
  }

  tally(): number {
    return 0;
  }

  report(kind: ArtifactKind, key: string, content: string | object): Promise<string> {
    const id = `artifact-${this.reports.length + 1}`;
    this.reports.push({ id, kind, key, content: JSON.parse(JSON.stringify(content)) as unknown });
    return Promise.resolve(id);
  }

  startChild(): Promise<string> {
    return Promise.reject(new Error('ops.health-check starts no children'));
  }

  waitForChildren<R = unknown>(): Promise<ChildOutcome<R>[]> {
    return Promise.reject(new Error('ops.health-check starts no children'));
  }
}

function params(overrides: Partial<HealthCheckParams> = {}): HealthCheckParams {
  return Object.assign(new HealthCheckParams(), overrides);
}

describe('HealthCheckFlow', () => {
  let server: LocalRedisServer;
  let dataDir: string;
  let config: RelaisConfig;
  let dataSource: DataSource;
  let redis: Redis;
  let queues: QueueRegistry;
  const catalogue = new FlowCatalogue(new DomainRegistry(DOMAINS));

  beforeAll(async () => {
    server = await LocalRedisServer.start();
    dataDir = await mkdtemp(join(tmpdir(), 'relais-health-flow-'));
    config = loadConfig(
      { REDIS_URL: server.url, REDIS_PREFIX: 'health-flow-spec', RELAIS_DATA_DIR: dataDir },
      { dotenv: false },
    );
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
    redis = new Redis(server.url, { maxRetriesPerRequest: 3 });
    queues = new QueueRegistry(config);
  });

  afterAll(async () => {
    await queues.onApplicationShutdown();
    redis.disconnect();
    await dataSource.destroy();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('checks everything in named steps, scores, stores a JSON report and returns its id', async () => {
    const flow = new HealthCheckFlow(config, new DatabaseProbe(dataSource), redis, queues, catalogue);
    const ctx = new RecordingRunContext(params());

    const result = await flow.run(ctx);

    expect(ctx.steps).toEqual([
      'measure-system',
      'check-redis',
      'check-database',
      'check-chroma',
      'check-queues',
      'check-directories',
    ]);
    expect(result.findings.find((finding) => finding.check === 'redis')).toMatchObject({ ok: true });
    expect(result.findings.find((finding) => finding.check === 'database')).toMatchObject({ ok: true });
    expect(result.findings.find((finding) => finding.check === 'chroma')).toMatchObject({ ok: true, value: null });
    expect(result.findings.find((finding) => finding.check === `directory:${dataDir}`)).toMatchObject({ ok: true });
    expect(result.findings.filter((finding) => finding.check.startsWith('queue-backlog:'))).toHaveLength(
      catalogue.queues().length,
    );
    // Only the host itself (CPU, memory, disk of the machine running the spec) may cost points here.
    const hostChecks = new Set(['cpu', 'memory', 'disk']);
    expect(result.findings.filter((finding) => !finding.ok && !hostChecks.has(finding.check))).toEqual([]);
    expect(result.alert_threshold).toBe(70);
    expect(result.alert).toBe(result.score < 70);
    expect(ctx.reports).toEqual([
      {
        id: result.report_id,
        kind: 'json',
        key: 'health-report',
        content: expect.objectContaining({
          score: result.score,
          status: result.status,
          findings: result.findings,
        }) as object,
      },
    ]);
    expect(ctx.progressed.at(-1)).toBe(100);
    expect(Number.isNaN(Date.parse(result.checked_at))).toBe(false);
    expect(result.metrics).not.toHaveProperty('queues');
    expect(result.metrics).not.toHaveProperty('cpu_per_core_percent');
  });

  it('adds per-queue counts, per-core CPU and process detail to the metrics when detailed', async () => {
    const flow = new HealthCheckFlow(config, new DatabaseProbe(dataSource), redis, queues, catalogue);

    const result = await flow.run(new RecordingRunContext(params({ detailed: true })));

    expect(Object.keys(result.metrics.queues as object)).toEqual(catalogue.queues());
    expect(result.metrics.cpu_per_core_percent).toEqual(expect.any(Array));
    expect(result.metrics.process).toMatchObject({ pid: process.pid });
  });

  it('logs each failed finding at warn and the alert at error when the score is under the threshold', async () => {
    const missing = join(dataDir, 'missing');
    const flow = new HealthCheckFlow(
      { ...config, healthDirectories: [dataDir, missing] },
      new DatabaseProbe(dataSource),
      redis,
      queues,
      catalogue,
    );
    const ctx = new RecordingRunContext(params({ alert_threshold: 100 }));

    const result = await flow.run(ctx);

    expect(result.alert).toBe(true);
    expect(result.score).toBeLessThanOrEqual(90);
    expect(ctx.lines).toContainEqual({
      level: 'warn',
      message: expect.stringContaining(`directory:${missing}`) as string,
    });
    expect(ctx.lines).toContainEqual({
      level: 'error',
      message: expect.stringContaining('under the alert threshold 100') as string,
    });
  });

  it('applies the contract defaults when params arrive as a plain object', async () => {
    const flow = new HealthCheckFlow(config, new DatabaseProbe(dataSource), redis, queues, catalogue);

    const result = await flow.run(new RecordingRunContext({} as HealthCheckParams));

    expect(result.alert_threshold).toBe(70);
    expect(result.metrics).not.toHaveProperty('queues');
  });

  it('turns Redis, database and Chroma being down into findings instead of failing the run', async () => {
    const closedPort = await freePort();
    // disconnectTimeout: ioredis arms a 2 s timer on disconnect() after a failed connect, which would outlive the spec.
    const downRedis = new Redis({
      port: closedPort,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      disconnectTimeout: 10,
    });
    downRedis.on('error', () => undefined); // provoked on purpose; the finding carries the error
    // A producer connection like the engine's (no offline queue), owned here so that the spec can close it:
    // QueueRegistry's shutdown only QUITs, which a connection that never reached Redis cannot send.
    const downConnection = new Redis({
      port: closedPort,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      disconnectTimeout: 10,
    });
    downConnection.on('error', () => undefined);
    const downQueue = new Queue('unreachable', { connection: downConnection });
    downQueue.on('error', () => undefined);
    const downQueues = { get: () => downQueue } as unknown as QueueRegistry;
    const closedDatabase = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    // RelaisConfig has no chromaUrl yet; the flow reads one as soon as it does.
    const withChroma = { ...config, chromaUrl: `http://127.0.0.1:${closedPort}` } as RelaisConfig;
    const flow = new HealthCheckFlow(withChroma, new DatabaseProbe(closedDatabase), downRedis, downQueues, catalogue);

    try {
      const result = await flow.run(new RecordingRunContext(params()));

      const byCheck = new Map(result.findings.map((finding) => [finding.check, finding]));
      expect(byCheck.get('redis')).toMatchObject({ ok: false, deduction: 25 });
      expect(byCheck.get('database')).toMatchObject({ ok: false, deduction: 25 });
      expect(byCheck.get('chroma')).toMatchObject({ ok: false, deduction: 25 });
      expect(byCheck.get('queue-backlog:ops')).toMatchObject({ ok: false, deduction: 0 });
      expect(result.score).toBeLessThanOrEqual(25);
      expect(result.status).toBe('failing');
      expect(result.alert).toBe(true);
    } finally {
      downRedis.disconnect();
      downConnection.disconnect();
    }
  });
});
