import type { TestingModule } from '@nestjs/testing';
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RunState } from '@relais/contracts';
import { NotificationRepository, verifyWebhookSignature } from '@relais/notifications';
import { StepRunRepository } from '@relais/persistence';
import {
  launcherOf,
  runsOf,
  spawnWorkerProcess,
  startProducer,
  startWorker,
  waitForRunState,
} from '../engine/engine-harness';
import { SLEEP_FLOW } from '../engine/test-flows';
import { WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import { selfSignedCertificate, SmtpServerFake } from '../fakes/smtp-server.fake';
import { startScheduler } from '../scheduler/scheduler-harness';
import { testConfig, testTempDir, waitFor, type TestConfig } from '../support/test-env';

const SIGNING_SECRET = 'crash-alert-signing-secret';
const SMTP_CREDENTIALS = { user: 'relais@example.test', password: 'smtp-crash-pa55word' };

/**
 * The whole alerting path as it runs in production: a worker process SIGKILLed mid-run, a worker that finds the
 * stalled job and ends the run CRASHED, and the scheduler app (which hosts rule evaluation and delivery) sending
 * the catalogue's `run-failed` alert to a real SMTP server over STARTTLS and to a signed webhook, once each.
 */
describe('a crashed run alerts through the scheduler', () => {
  const webhook = new WebhookReceiverFake();
  let smtp: SmtpServerFake;
  let setup: TestConfig;
  let producer: TestingModule;
  let scheduler: TestingModule;
  let redis: Redis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const certificate = await selfSignedCertificate();
    smtp = await new SmtpServerFake(certificate, SMTP_CREDENTIALS).start();
    await webhook.start();
    const caFile = join(await testTempDir('smtp-ca-'), 'ca.pem');
    await writeFile(caFile, certificate.cert);
    setup = await testConfig({
      // The killed worker's job is stalled at its first check, and its single attempt is then spent.
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      WORKER_MAX_STALLED_COUNT: '0',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: SMTP_CREDENTIALS.user,
      SMTP_PASSWORD: SMTP_CREDENTIALS.password,
      SMTP_CA_FILE: caFile,
      FROM_EMAIL: 'Relais <relais@example.test>',
      ALERT_EMAILS: 'ops@example.test',
      NOTIFICATION_WEBHOOK_URL: webhook.webhookUrl,
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      NOTIFY_POLL_MS: '50',
      ALERT_EVALUATION_INTERVAL_MS: '200',
    });
    producer = await startProducer(setup.config);
    scheduler = await startScheduler(setup.config, []);
    redis = new Redis(setup.config.redisUrl);
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await scheduler.close();
    await producer.close();
    await redis.quit();
    await webhook.stop();
    await smtp.stop();
    await setup.cleanup();
  });

  it('sends the CRASHED alert to e-mail and the webhook exactly once', async () => {
    const worker = spawnWorkerProcess(setup.env);
    children.push(worker);
    const { run } = await launcherOf(producer).launch(SLEEP_FLOW.name, { ms: 20_000 });
    await waitFor(async () => Number(await redis.get(`test:exec:${run.id}:started`)) === 1, {
      timeoutMs: 60_000,
      message: 'the worker process to start the run',
    });
    await waitFor(async () => (await producer.get(StepRunRepository).findByRun(run.id)).length > 0, {
      message: 'the running step to be recorded',
    });
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker.once('exit', resolve));

    const finder = await startWorker(setup.config);
    try {
      const crashed = await waitForRunState(runsOf(producer), run.id, [RunState.CRASHED, RunState.FAILED], 30_000);
      expect(crashed.state).toBe(RunState.CRASHED);
      await waitFor(() => smtp.messages.length > 0 && webhook.requests.length > 0, {
        timeoutMs: 20_000,
        message: 'the alert to reach the SMTP server and the webhook',
      });
      // Several more evaluation passes and dispatcher polls: nothing is sent twice.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await finder.close();
    }

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.secure).toBe(true);
    expect(mail.user).toBe(SMTP_CREDENTIALS.user);
    expect(mail.to).toEqual(['ops@example.test']);
    expect(mail.headers.subject).toBe(`[Relais][ALERT][critical] Run crashed: ${SLEEP_FLOW.name}`);
    expect(mail.raw).toContain(SLEEP_FLOW.name);
    expect(mail.raw).not.toContain(SMTP_CREDENTIALS.password);

    expect(webhook.requests).toHaveLength(1);
    const request = webhook.requests[0];
    const body = request.body.toString('utf8');
    expect(
      verifyWebhookSignature(SIGNING_SECRET, request.headers['x-relais-signature'] as string, body, Date.now() / 1000),
    ).toEqual({ valid: true });
    const payload = JSON.parse(body) as { event: string; is_alert: boolean; data: Record<string, unknown> };
    expect(payload).toMatchObject({ event: 'run.failed', is_alert: true });
    expect(JSON.stringify(payload.data)).toContain(run.id);
    expect(request.headers['x-relais-delivery']).toBe(mail.headers['x-relais-notification-id']);

    const [logged] = await scheduler.get(NotificationRepository).list({ limit: 10, alertsOnly: true });
    expect(logged.deliveries.map((delivery) => [delivery.channel, delivery.state]).sort()).toEqual([
      ['archive', 'delivered'],
      ['email', 'delivered'],
      ['webhook', 'delivered'],
    ]);
  });
});
