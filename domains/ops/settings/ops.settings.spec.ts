import { ConfigError, loadConfig } from '@relais/config';
import { OPS_DOMAIN } from '../ops.domain';
import { notificationsConfigOf, opsSettingsOf } from './ops.settings';

const load = (env: Record<string, string>) => loadConfig(env, { dotenv: false, domains: [OPS_DOMAIN] });

describe("The ops domain's settings", () => {
  it('run on defaults: the archive only, backups and cleanup under the data directory', () => {
    const config = load({ RELAIS_DATA_DIR: '/srv/relais', RELAIS_TIMEZONE: 'Europe/Berlin' });
    const settings = opsSettingsOf(config);
    expect(settings.notifications).toMatchObject({ email: null, slack: null, webhook: null, source: 'relais' });
    expect(notificationsConfigOf(config).timezone).toBe('Europe/Berlin');
    expect(settings.maintenance).toEqual({
      backupDir: '/srv/relais/backups',
      backupKeep: 7,
      runRetentionDays: 90,
      notificationRetentionDays: 90,
      logRetentionDays: 30,
      retentionBatchSize: 500,
      cleanupDirectories: ['/srv/relais/tmp', '/srv/relais/cache'],
      cleanupMaxAgeHours: 24,
    });
  });

  it('list every notification secret, also for a channel that is not enabled', () => {
    const config = load({
      SMTP_HOST: 'smtp.example.org',
      SMTP_USER: 'relais',
      SMTP_PASSWORD: 'smtp-secret-value',
      FROM_EMAIL: 'relais@example.org',
      ALERT_EMAILS: 'ops@example.org',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/slack-secret-path',
    });
    expect(config.secrets).toEqual(expect.arrayContaining(['smtp-secret-value', '/services/T0/B0/slack-secret-path']));
    expect(opsSettingsOf(config).notifications.email).toMatchObject({ host: 'smtp.example.org', port: 587 });
  });

  it("name every bad variable with the platform's, never echoing a secret", () => {
    const attempt = () =>
      load({ WORKER_CONCURRENCY: 'many', BACKUP_KEEP: '0', SMTP_PORT: '99999', WEBHOOK_TOKEN: 'short' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/WORKER_CONCURRENCY must be/);
    expect(attempt).toThrow(/BACKUP_KEEP must be an integer between 1 and 1000/);
    expect(attempt).toThrow(/SMTP_PORT must be a TCP port number/);
    expect(attempt).toThrow(/WEBHOOK_TOKEN must be at least 8 characters \(got a value of 5 characters, not shown\)/);
  });

  it('refuse combinations that cannot send: an SMTP host without recipients', () => {
    expect(() => load({ SMTP_HOST: 'smtp.example.org' })).toThrow(/ALERT_EMAILS must list the recipients/);
  });
});
