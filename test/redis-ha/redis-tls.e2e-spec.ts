import type { TestingModule } from '@nestjs/testing';
import { RunState } from '@relais/contracts';
import { FlowWorkerHost } from '@relais/engine';
import { testConfig, type TestConfig } from '../support/test-env';
import { launcherOf, runsOf, startProducer, startWorker, waitForRunState } from '../engine/engine-harness';
import { STEPS_FLOW } from '../engine/test-flows';
import {
  makeTlsFiles,
  relaisTlsEnv,
  runContainerProbe,
  startRedisCluster,
  startSentinelGroup,
  startTlsServer,
  type RedisGroup,
  type TlsFiles,
} from './redis-ha-servers';

/** Runs on Redis over TLS: a producer and a worker on `url` with the REDIS_TLS_* of `files`; stopped after. */
async function runsThrough(url: string, files: TlsFiles, runs: number): Promise<void> {
  const parts: { stop(): Promise<void> }[] = [];
  try {
    const setup: TestConfig = await testConfig({ REDIS_URL: url, ...relaisTlsEnv(files) });
    parts.push({ stop: setup.cleanup });
    const producer: TestingModule = await startProducer(setup.config);
    parts.push({ stop: () => producer.close() });
    const worker = await startWorker(setup.config);
    parts.push({ stop: () => worker.close() });
    await worker.get(FlowWorkerHost).ready();
    const launched = await Promise.all(
      Array.from({ length: runs }, () => launcherOf(producer).launch(STEPS_FLOW.name, { steps: 2 })),
    );
    for (const { run, queued } of launched) {
      expect(queued).toBe(true);
      expect((await waitForRunState(runsOf(producer), run.id, [RunState.COMPLETED])).state).toBe(RunState.COMPLETED);
    }
  } finally {
    for (const part of parts.reverse()) await part.stop();
  }
}

/**
 * Relais on Redis servers that speak TLS only and require a client certificate (tls-auth-clients yes), with a
 * CA of the test's own: REDIS_URL=rediss://…, rediss+cluster://… or rediss+sentinel://…, and REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE,
 * REDIS_TLS_KEY_FILE. Every connection (BullMQ's, pub/sub, locks) must go over TLS with them, or nothing runs.
 */
describe('Relais on Redis over TLS', () => {
  let files: TlsFiles;
  const servers: RedisGroup[] = [];

  beforeAll(async () => {
    files = await makeTlsFiles();
  });

  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it('runs flows on one server (rediss://), and the container probe trusts only the configured CA', async () => {
    const server = await startTlsServer(files);
    servers.push(server);
    await runsThrough(server.url, files, 5);
    expect(await runContainerProbe(server.url, relaisTlsEnv(files))).toEqual({ code: 0, stderr: '' });
    // Without the CA the server's certificate is not trusted: the probe says so instead of passing.
    const untrusted = await runContainerProbe(server.url, {});
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/certificate/i);
  });

  it.each([
    ['a Cluster whose nodes speak TLS to clients and to each other', 'rediss+cluster', startRedisCluster],
    ['a Sentinel group whose sentinels, master and replica speak TLS', 'rediss+sentinel', startSentinelGroup],
  ])('runs flows on %s (%s://)', async (_, scheme, start) => {
    const group = await start(files);
    servers.push(group);
    expect(group.url.startsWith(`${scheme}://`)).toBe(true);
    await runsThrough(group.url, files, 5);
    expect(await runContainerProbe(group.url, relaisTlsEnv(files))).toEqual({ code: 0, stderr: '' });
  });
});
