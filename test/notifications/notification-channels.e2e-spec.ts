import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ArchiveChannel,
  DeliveryError,
  EmailChannel,
  SlackChannel,
  SLACK_COLORS,
  verifyWebhookSignature,
  WebhookChannel,
  type EmailChannelConfig,
} from '@relais/notifications';
import { SlackWebhookFake, WebhookReceiverFake } from '../fakes/notification-receivers.fake';
import {
  decodeQuotedPrintable,
  selfSignedCertificate,
  SmtpServerFake,
  type TestCertificate,
} from '../fakes/smtp-server.fake';
import { testTempDir } from '../support/test-env';
import { aNotification } from './notification-fixtures';

const signal = (): AbortSignal => AbortSignal.timeout(10_000);

describe('EmailChannel against a real SMTP server with STARTTLS', () => {
  let certificate: TestCertificate;
  let smtp: SmtpServerFake;
  const credentials = { user: 'relais@example.test', password: 'smtp-pa55word' };

  const emailConfig = (overrides: Partial<EmailChannelConfig> = {}): EmailChannelConfig => ({
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    user: credentials.user,
    password: credentials.password,
    from: 'Relais <relais@example.test>',
    to: ['ops@example.test', 'team@example.test'],
    ca: certificate.cert,
    ...overrides,
  });

  beforeAll(async () => {
    certificate = await selfSignedCertificate();
    smtp = await new SmtpServerFake(certificate, credentials).start();
  });
  afterAll(() => smtp.stop());

  it('delivers the alert after upgrading to TLS and authenticating, with its headers and body', async () => {
    const notification = aNotification();
    await new EmailChannel(emailConfig(), 5000).deliver(notification, signal());

    const mail = smtp.messages.at(-1)!;
    expect(mail.secure).toBe(true);
    expect(mail.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(mail.user).toBe(credentials.user);
    expect(mail.from).toBe('relais@example.test');
    expect(mail.to).toEqual(['ops@example.test', 'team@example.test']);
    expect(mail.headers.subject).toBe('[Relais][ALERT][critical] Run failed: ops.health-check');
    expect(mail.headers['x-relais-notification-id']).toBe(notification.id);
    expect(mail.headers['x-relais-event']).toBe('run.failed');
    expect(mail.headers['x-relais-severity']).toBe('critical');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    const body = decodeQuotedPrintable(mail.raw);
    expect(body).toContain('ended FAILED after 2/2 attempts: disk full');
    expect(body).toContain('flow: ops.health-check');
    expect(body).not.toContain(credentials.password);
  });

  it('marks a plain notification without [ALERT]', async () => {
    await new EmailChannel(emailConfig(), 5000).deliver(
      aNotification({ isAlert: false, severity: 'info', title: 'Report ready' }),
      signal(),
    );
    expect(smtp.messages.at(-1)!.headers.subject).toBe('[Relais] Report ready');
  });

  it('refuses a certificate it was not told to trust (no silent downgrade to an unverified peer)', async () => {
    const error = await new EmailChannel(emailConfig({ ca: null }), 5000)
      .deliver(aNotification(), signal())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toMatch(/certificate/i);
  });

  it('refuses to send in clear when the server offers no STARTTLS', async () => {
    const plain = await new SmtpServerFake(certificate, credentials, { noStartTls: true }).start();
    try {
      const error = await new EmailChannel(emailConfig({ port: plain.port }), 5000)
        .deliver(aNotification(), signal())
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(plain.messages).toHaveLength(0);
    } finally {
      await plain.stop();
    }
  });

  it('reports a wrong password as a permanent failure, without the password', async () => {
    const error = await new EmailChannel(emailConfig({ password: 'wrong-pa55word' }), 5000)
      .deliver(aNotification(), signal())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect((error as DeliveryError).message).not.toContain('wrong-pa55word');
  });
});

describe('SlackChannel against a local incoming-webhook receiver', () => {
  const slack = new SlackWebhookFake();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => slack.reset());

  it('posts a red attachment for an alert and a green one otherwise', async () => {
    const channel = new SlackChannel(slack.webhookUrl);
    await channel.deliver(aNotification(), signal());
    await channel.deliver(aNotification({ isAlert: false, severity: 'info', event: 'report.produced' }), signal());

    const [alert, report] = slack.payloads as { text: string; attachments: Record<string, unknown>[] }[];
    expect(alert.text).toContain('Run failed: ops.health-check');
    expect(alert.attachments).toHaveLength(1);
    expect(alert.attachments[0]).toMatchObject({
      color: SLACK_COLORS.alert,
      title: 'Run failed: ops.health-check',
      text: expect.stringContaining('disk full') as string,
      footer: 'relais-test',
    });
    expect(alert.attachments[0].fields).toEqual(
      expect.arrayContaining([
        { title: 'Severity', value: 'critical', short: true },
        { title: 'flow', value: 'ops.health-check', short: true },
      ]),
    );
    expect(report.attachments[0].color).toBe(SLACK_COLORS.notification);
    expect(SLACK_COLORS.alert).toMatch(/^#[cd]/i);
    expect(slack.requests[0].headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it("treats Slack's 404 as permanent and never puts the webhook URL in the error", async () => {
    const error = await new SlackChannel(`${slack.url}/services/T000/B000/revokedPath`)
      .deliver(aNotification(), signal())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).retryable).toBe(false);
    expect((error as DeliveryError).message).toBe('Slack answered 404: no_service');
  });

  it('treats 5xx and 429 as retryable', async () => {
    slack.failNext(1, 503);
    const error = await new SlackChannel(slack.webhookUrl).deliver(aNotification(), signal()).catch((e: unknown) => e);
    expect((error as DeliveryError).retryable).toBe(true);
  });
});

describe('WebhookChannel against a local receiver that verifies the signature', () => {
  const receiver = new WebhookReceiverFake();
  const secret = 'webhook-signing-secret-0123456789';
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  beforeEach(() => receiver.reset());

  it('sends {event, data, is_alert, source} with the bearer token and a signature the receiver verifies', async () => {
    const notification = aNotification();
    await new WebhookChannel({ url: receiver.webhookUrl, token: 'bearer-token-42', signingSecret: secret }).deliver(
      notification,
      signal(),
    );

    const [request] = receiver.requests;
    const body = request.body.toString('utf8');
    expect(JSON.parse(body)).toMatchObject({
      id: notification.id,
      event: 'run.failed',
      is_alert: true,
      source: 'relais-test',
      severity: 'critical',
      data: { title: notification.title, message: notification.message, run_id: '1234', flow: 'ops.health-check' },
    });
    expect(request.headers.authorization).toBe('Bearer bearer-token-42');
    expect(request.headers['x-relais-delivery']).toBe(notification.id);
    const now = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(secret, request.headers['x-relais-signature'] as string, body, now)).toEqual({
      valid: true,
    });
    expect(
      verifyWebhookSignature('another-secret-0000', request.headers['x-relais-signature'] as string, body, now),
    ).toMatchObject({ valid: false });
  });

  it('signs with the time of sending, so a replay an hour later fails verification', async () => {
    const sentAt = Math.floor(Date.now() / 1000) - 3600;
    await new WebhookChannel({ url: receiver.webhookUrl, token: null, signingSecret: secret }, () => sentAt).deliver(
      aNotification(),
      signal(),
    );
    const [request] = receiver.requests;
    expect(request.headers.authorization).toBeUndefined();
    expect(
      verifyWebhookSignature(
        secret,
        request.headers['x-relais-signature'] as string,
        request.body.toString('utf8'),
        Math.floor(Date.now() / 1000),
      ),
    ).toEqual({ valid: false, reason: 'timestamp too old' });
  });

  it('gives up at the signal and says it timed out', async () => {
    receiver.hangNext(1);
    const error = await new WebhookChannel({ url: receiver.webhookUrl, token: null, signingSecret: null })
      .deliver(aNotification(), AbortSignal.timeout(200))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe('Webhook unreachable: timed out');
    expect((error as DeliveryError).retryable).toBe(true);
  });
});

describe('ArchiveChannel', () => {
  it('appends alerts and notifications to their own dated JSONL files, dated in the configured zone', async () => {
    const directory = join(await testTempDir('archive-'), 'notifications');
    const archive = new ArchiveChannel(directory, 'Europe/Paris');
    // 23:30 UTC on 15 January is 00:30 on the 16th in Paris.
    const alert = aNotification();
    const report = aNotification({ isAlert: false, event: 'report.produced', severity: 'info' });
    await archive.deliver(alert);
    await archive.deliver(report);
    await archive.deliver(alert);

    const alerts = (await readFile(join(directory, 'alerts_20250116.jsonl'), 'utf8')).trim().split('\n');
    const notifications = (await readFile(join(directory, 'notifications_20250116.jsonl'), 'utf8')).trim().split('\n');
    expect(alerts).toHaveLength(2);
    expect(notifications).toHaveLength(1);
    expect(JSON.parse(alerts[0])).toMatchObject({
      id: alert.id,
      event: 'run.failed',
      is_alert: true,
      severity: 'critical',
      source: 'relais-test',
      created_at: '2025-01-15T23:30:00.000Z',
    });
  });
});
