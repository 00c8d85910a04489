import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '@relais/config';
import type { NotificationsConfig } from './notifications-config';
import { NotificationsEnvironmentDto } from './notifications-environment.dto';

/** Where the platform's configuration already decided (data directory, time zone). */
export interface PlatformSettings {
  dataDir: string;
  timezone: string;
}

/**
 * Reads and validates the notifications environment once. Throws ConfigError naming every bad variable,
 * including combinations (an SMTP host without recipients, a password without a user).
 */
export function loadNotificationsConfig(env: NodeJS.ProcessEnv, platform: PlatformSettings): NotificationsConfig {
  const source = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const dto = plainToInstance(NotificationsEnvironmentDto, source);
  const problems = validateSync(dto, { forbidUnknownValues: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      // Secret values are never echoed back, even into a start-up error.
      SECRET_VARIABLES.includes(error.property) ? message : `${message} (got ${JSON.stringify(error.value)})`,
    ),
  );
  if (problems.length > 0) throw new ConfigError([...new Set([...problems, ...combinationProblems(dto)])]);
  return notificationsConfigFrom(dto, platform);
}

/**
 * The typed configuration from variables already validated one by one (a domain's settings class extends
 * NotificationsEnvironmentDto): checks the combinations and reads SMTP_CA_FILE; throws ConfigError naming each.
 */
export function notificationsConfigFrom(
  dto: NotificationsEnvironmentDto,
  platform: PlatformSettings,
): NotificationsConfig {
  const problems = combinationProblems(dto);
  const ca = problems.length === 0 && dto.SMTP_CA_FILE ? readCa(dto.SMTP_CA_FILE, problems) : null;
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return toConfig(dto, platform, ca);
}

const SECRET_VARIABLES = ['SMTP_PASSWORD', 'WEBHOOK_TOKEN', 'WEBHOOK_SIGNING_SECRET', 'SLACK_WEBHOOK_URL'];

function combinationProblems(env: NotificationsEnvironmentDto): string[] {
  const problems: string[] = [];
  if (env.SMTP_HOST && !env.ALERT_EMAILS) problems.push('ALERT_EMAILS must list the recipients when SMTP_HOST is set');
  if (env.SMTP_HOST && !env.FROM_EMAIL) problems.push('FROM_EMAIL must be set when SMTP_HOST is set');
  if (env.SMTP_PASSWORD && !env.SMTP_USER) problems.push('SMTP_USER must be set when SMTP_PASSWORD is');
  if (env.SMTP_USER && !env.SMTP_PASSWORD) problems.push('SMTP_PASSWORD must be set when SMTP_USER is');
  if (!env.SMTP_HOST && (env.ALERT_EMAILS || env.SMTP_USER)) {
    problems.push('SMTP_HOST must be set for e-mail notifications (ALERT_EMAILS or SMTP_USER is set)');
  }
  if (!env.NOTIFICATION_WEBHOOK_URL && (env.WEBHOOK_TOKEN || env.WEBHOOK_SIGNING_SECRET)) {
    problems.push('NOTIFICATION_WEBHOOK_URL must be set when WEBHOOK_TOKEN or WEBHOOK_SIGNING_SECRET is');
  }
  if ((env.NOTIFY_RETRY_MAX_MS ?? 3_600_000) < (env.NOTIFY_RETRY_BASE_MS ?? 30_000)) {
    problems.push('NOTIFY_RETRY_MAX_MS must be at least NOTIFY_RETRY_BASE_MS');
  }
  return problems;
}

function readCa(path: string, problems: string[]): string | null {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (error) {
    problems.push(`SMTP_CA_FILE could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${path}`);
    return null;
  }
}

function toConfig(
  env: NotificationsEnvironmentDto,
  platform: PlatformSettings,
  ca: string | null,
): NotificationsConfig {
  const security = (env.SMTP_SECURITY ?? 'starttls') as 'starttls' | 'tls' | 'none';
  return {
    source: env.NOTIFY_SOURCE ?? 'relais',
    archiveDir: resolve(platform.dataDir, 'notifications'),
    timezone: platform.timezone,
    email: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: env.SMTP_PORT ?? (security === 'tls' ? 465 : 587),
          security,
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          from: env.FROM_EMAIL ?? '',
          to: (env.ALERT_EMAILS ?? '')
            .split(',')
            .map((address) => address.trim())
            .filter(Boolean),
          ca,
        }
      : null,
    slack: env.SLACK_WEBHOOK_URL ? { webhookUrl: env.SLACK_WEBHOOK_URL } : null,
    webhook: env.NOTIFICATION_WEBHOOK_URL
      ? {
          url: env.NOTIFICATION_WEBHOOK_URL,
          token: env.WEBHOOK_TOKEN ?? null,
          signingSecret: env.WEBHOOK_SIGNING_SECRET ?? null,
        }
      : null,
    delivery: {
      timeoutMs: env.NOTIFY_TIMEOUT_MS ?? 10_000,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS ?? 8,
      retryBaseMs: env.NOTIFY_RETRY_BASE_MS ?? 30_000,
      retryMaxMs: env.NOTIFY_RETRY_MAX_MS ?? 3_600_000,
      pollMs: env.NOTIFY_POLL_MS ?? 1000,
    },
    evaluation: {
      intervalMs: env.ALERT_EVALUATION_INTERVAL_MS ?? 30_000,
      overlapMs: env.ALERT_EVALUATION_OVERLAP_MS ?? 60_000,
      syncCatalogue: env.ALERT_RULES_SYNC_CATALOGUE ?? true,
    },
    secrets: secretsOf(env),
  };
}

/** The secrets, and the Slack URL's path alone (it is the credential; a log may show it without the host). */
function secretsOf(env: NotificationsEnvironmentDto): string[] {
  const slackPath =
    env.SLACK_WEBHOOK_URL && URL.canParse(env.SLACK_WEBHOOK_URL) ? new URL(env.SLACK_WEBHOOK_URL).pathname : undefined;
  return [env.SMTP_PASSWORD, env.WEBHOOK_TOKEN, env.WEBHOOK_SIGNING_SECRET, env.SLACK_WEBHOOK_URL, slackPath].filter(
    // Very short values would redact ordinary words from every message.
    (value): value is string => !!value && value.length >= 4 && value !== '/',
  );
}
