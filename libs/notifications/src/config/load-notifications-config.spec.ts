import { ConfigError } from '@relais/config';
import { loadNotificationsConfig } from './load-notifications-config';

const platform = { dataDir: '/srv/relais/data', timezone: 'Europe/Paris' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadNotificationsConfig(env, platform);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadNotificationsConfig', () => {
  it('runs with nothing set: archive only, documented defaults', () => {
    const config = loadNotificationsConfig({}, platform);
    expect(config).toMatchObject({
      source: 'relais',
      archiveDir: '/srv/relais/data/notifications',
      email: null,
      slack: null,
      webhook: null,
      delivery: { timeoutMs: 10_000, maxAttempts: 8, retryBaseMs: 30_000, retryMaxMs: 3_600_000, pollMs: 1000 },
      evaluation: { intervalMs: 30_000, overlapMs: 60_000, syncCatalogue: true },
      secrets: [],
    });
  });

  it("reads the seeds' variables into channels and lists every secret", () => {
    const config = loadNotificationsConfig(
      {
        SMTP_HOST: 'smtp.example.org',
        SMTP_USER: 'relais@example.org',
        SMTP_PASSWORD: 'app-password-1',
        FROM_EMAIL: 'Relais <relais@example.org>',
        ALERT_EMAILS: 'ops@example.org, team@example.org',
        SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/XYZ',
        NOTIFICATION_WEBHOOK_URL: 'https://api.example.org/notifications',
        WEBHOOK_TOKEN: 'token-12345678',
        WEBHOOK_SIGNING_SECRET: 'signing-secret-0123456789',
      },
      platform,
    );
    expect(config.email).toMatchObject({
      port: 587,
      security: 'starttls',
      to: ['ops@example.org', 'team@example.org'],
    });
    expect(config.webhook).toEqual({
      url: 'https://api.example.org/notifications',
      token: 'token-12345678',
      signingSecret: 'signing-secret-0123456789',
    });
    expect(config.secrets).toEqual(
      expect.arrayContaining([
        'app-password-1',
        'token-12345678',
        'signing-secret-0123456789',
        'https://hooks.slack.com/services/T0/B0/XYZ',
        '/services/T0/B0/XYZ',
      ]),
    );
  });

  it('names each bad variable and each missing companion, without echoing a secret', () => {
    const problems = problemsOf({
      SMTP_HOST: 'smtp.example.org',
      SMTP_PORT: '99999',
      SMTP_PASSWORD: 'x'.repeat(1001),
      WEBHOOK_TOKEN: 'short',
      NOTIFY_TIMEOUT_MS: 'soon',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'SMTP_PORT must be a TCP port number (1–65535) (got 99999)',
        'SMTP_PASSWORD must be at most 1000 characters',
        'WEBHOOK_TOKEN must be at least 8 characters',
        'NOTIFY_TIMEOUT_MS must be an integer number of milliseconds between 100 and 120000 (got "soon")',
        'ALERT_EMAILS must list the recipients when SMTP_HOST is set',
        'FROM_EMAIL must be set when SMTP_HOST is set',
        'SMTP_USER must be set when SMTP_PASSWORD is',
        'NOTIFICATION_WEBHOOK_URL must be set when WEBHOOK_TOKEN or WEBHOOK_SIGNING_SECRET is',
      ]),
    );
    expect(problems.join('\n')).not.toContain('short');
  });

  it('refuses an unreadable CA file by name', () => {
    expect(
      problemsOf({
        SMTP_HOST: 'smtp.example.org',
        FROM_EMAIL: 'relais@example.org',
        ALERT_EMAILS: 'ops@example.org',
        SMTP_CA_FILE: '/nonexistent/ca.pem',
      }),
    ).toEqual(['SMTP_CA_FILE could not be read (ENOENT): /nonexistent/ca.pem']);
  });
});
