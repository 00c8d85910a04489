import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  ArchiveChannel,
  EmailChannel,
  NotificationPublisher,
  SlackChannel,
  WebhookChannel,
  type NotificationDeliveryEntity,
  type NotificationDraft,
} from '@relais/notifications';
import { SlackWebhookFake, WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import { selfSignedCertificate, SmtpServerFake, type TestCertificate } from '../fakes/smtp-server.fake';
import { testTempDir, waitFor } from '../support/test-env';
import { notificationsProcess, useNotificationsDatabase, type NotificationsProcess } from './notifications-harness';

const credentials = { user: 'relais@example.test', password: 'smtp-pa55word' };
const draft: NotificationDraft = {
  event: 'run.failed',
  title: 'Run failed: dpgf.import-folder',
  message: 'Run 42 ended FAILED after 3/3 attempts',
  severity: 'critical',
  isAlert: true,
  data: { run_id: '42' },
};

describe('DeliveryDispatcher with real peers', () => {
  const db = useNotificationsDatabase();
  const slack = new SlackWebhookFake();
  const webhook = new WebhookReceiverFake();
  let certificate: TestCertificate;
  let archiveDir: string;
  let process: NotificationsProcess | undefined;

  beforeAll(async () => {
    certificate = await selfSignedCertificate();
    await slack.start();
    await webhook.start();
    archiveDir = await testTempDir('archive-');
  });
  afterAll(async () => {
    await process?.close();
    await slack.stop();
    await webhook.stop();
  });
  afterEach(async () => {
    await process?.close();
    process = undefined;
    slack.reset();
    webhook.reset();
  });

  const deliveryOf = async (notificationId: string, channel: string): Promise<NotificationDeliveryEntity> =>
    await db.dataSource.getRepository<NotificationDeliveryEntity>('NotificationDeliveryEntity').findOneByOrFail({
      notificationId,
      channel: channel as NotificationDeliveryEntity['channel'],
    });

  const start = (smtpPort: number, timeoutMs = 2000): { publisher: NotificationPublisher } => {
    process = notificationsProcess(db.dataSource, {
      channels: [
        new ArchiveChannel(archiveDir, 'UTC'),
        new EmailChannel(
          {
            host: '127.0.0.1',
            port: smtpPort,
            security: 'starttls',
            ...credentials,
            from: 'relais@example.test',
            to: ['ops@example.test'],
            ca: certificate.cert,
          },
          timeoutMs,
        ),
        new SlackChannel(slack.webhookUrl),
        new WebhookChannel({ url: webhook.webhookUrl, token: null, signingSecret: null }),
      ],
      secrets: [credentials.password, slack.path],
      delivery: { timeoutMs, retryBaseMs: 100, retryMaxMs: 300, maxAttempts: 50, pollMs: 50 },
    });
    process.dispatcher.start();
    return { publisher: new NotificationPublisher(process.notifications, process.dispatcher, 'relais-test') };
  };

  it('retries e-mail while the SMTP server is down and delivers when it is back; other channels go at once', async () => {
    const smtp = await new SmtpServerFake(certificate, credentials).start();
    await smtp.stop(); // down, its port known
    const { publisher } = start(smtp.port);
    const notification = await publisher.publish(draft);

    await waitFor(() => slack.payloads.length === 1 && webhook.requests.length === 1, {
      message: 'Slack and the webhook',
    });
    await waitFor(async () => (await deliveryOf(notification.id, 'email')).attempts >= 2, {
      message: 'e-mail retries',
    });
    const failing = await deliveryOf(notification.id, 'email');
    expect(failing).toMatchObject({ state: 'pending' });
    expect(failing.lastError).toMatch(/SMTP 127\.0\.0\.1:\d+ failed/);
    expect(failing.lastError).not.toContain(credentials.password);
    expect(await deliveryOf(notification.id, 'slack')).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(await deliveryOf(notification.id, 'archive')).toMatchObject({ state: 'delivered', attempts: 1 });

    await smtp.start(); // back on the same port
    try {
      await waitFor(async () => (await deliveryOf(notification.id, 'email')).state === 'delivered', {
        message: 'the e-mail once SMTP is back',
      });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0].secure).toBe(true);
      expect(smtp.messages[0].headers['x-relais-notification-id']).toBe(notification.id);
      expect((await deliveryOf(notification.id, 'email')).lastError).toBeNull();
      expect(slack.payloads).toHaveLength(1); // never re-sent while e-mail was retried
    } finally {
      await smtp.stop();
    }
  });

  it('does not hold other channels behind an SMTP server that accepts the connection and never answers', async () => {
    const hung = await hangingTcpServer();
    try {
      const { publisher } = start(hung.port, 5000);
      const notification = await publisher.publish(draft);
      // The channels' loops start independently: wait for the e-mail's connection as well as the others.
      await waitFor(() => slack.payloads.length === 1 && webhook.requests.length === 1 && hung.connections >= 1, {
        message: 'Slack, the webhook and the e-mail connection',
      });
      // Slack and the webhook landed while the e-mail attempt was still waiting for a greeting.
      expect(await deliveryOf(notification.id, 'email')).toMatchObject({ state: 'pending', lastError: null });
      await waitFor(async () => (await deliveryOf(notification.id, 'email')).lastError !== null, {
        message: 'the e-mail attempt to time out',
      });
      expect((await deliveryOf(notification.id, 'email')).lastError).toMatch(/timed out|timeout/i);
    } finally {
      await hung.close();
    }
  });

  it('fails a delivery the peer refuses for good without retrying it, and keeps the others', async () => {
    const smtp = await new SmtpServerFake(certificate, credentials).start();
    try {
      process = notificationsProcess(db.dataSource, {
        channels: [new ArchiveChannel(archiveDir, 'UTC'), new SlackChannel(`${slack.url}/services/revoked`)],
        secrets: [],
        delivery: { retryBaseMs: 100, maxAttempts: 5, pollMs: 50 },
      });
      process.dispatcher.start();
      const notification = await new NotificationPublisher(
        process.notifications,
        process.dispatcher,
        'relais-test',
      ).publish(draft);
      await waitFor(async () => (await deliveryOf(notification.id, 'slack')).state === 'failed', {
        message: 'the refusal',
      });
      expect(await deliveryOf(notification.id, 'slack')).toMatchObject({
        attempts: 1,
        lastError: 'Slack answered 404: no_service',
      });
      // Each channel has its own loop: the archive's delivery may land after Slack's refusal, never fail.
      await waitFor(async () => (await deliveryOf(notification.id, 'archive')).state !== 'pending', {
        message: 'the archive delivery',
      });
      expect(await deliveryOf(notification.id, 'archive')).toMatchObject({ state: 'delivered' });
    } finally {
      await smtp.stop();
    }
  });

  it('gives up after the last attempt', async () => {
    webhook.failNext(10, 503);
    process = notificationsProcess(db.dataSource, {
      channels: [new WebhookChannel({ url: webhook.webhookUrl, token: null, signingSecret: null })],
      delivery: { retryBaseMs: 20, retryMaxMs: 40, maxAttempts: 3, pollMs: 20 },
    });
    process.dispatcher.start();
    const notification = await new NotificationPublisher(
      process.notifications,
      process.dispatcher,
      'relais-test',
    ).publish({ ...draft, channels: ['webhook'] });
    await waitFor(async () => (await deliveryOf(notification.id, 'webhook')).state === 'failed', {
      message: 'giving up',
    });
    expect(await deliveryOf(notification.id, 'webhook')).toMatchObject({
      attempts: 3,
      lastError: 'Webhook answered 503: Injected failure 503',
    });
    expect(webhook.requests).toHaveLength(3);
  });
});

/** A TCP server that accepts connections and never says a word (a wedged mail relay). */
async function hangingTcpServer(): Promise<{ port: number; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
