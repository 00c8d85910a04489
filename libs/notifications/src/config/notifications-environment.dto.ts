import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalised)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalised)) return false;
  return value;
};

const EMAIL = String.raw`[^\s@,<>]+@[^\s@,<>]+`;
const EMAIL_LIST = new RegExp(String.raw`^\s*${EMAIL}(\s*,\s*${EMAIL})*\s*$`);
const MS = (name: string, min: number, max: number): string =>
  `${name} must be an integer number of milliseconds between ${min} and ${max}`;

/**
 * The environment variables of notifications (SMTP, Slack, webhook, delivery and evaluation). The SMTP, Slack
 * and webhook names are the seeds' own (DoctorPy's SMTP_HOST… SLACK_WEBHOOK_URL, NOTIFICATION_WEBHOOK_URL,
 * WEBHOOK_TOKEN) so an existing .env keeps working. Messages name the variable: a person reads them.
 */
export class NotificationsEnvironmentDto {
  // --- E-mail (SMTP) ----------------------------------------------------------------------------------------
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9a-fA-F:.]+\]$/, { message: 'SMTP_HOST must be a host name or address' })
  SMTP_HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SMTP_PORT must be a TCP port number (1–65535)' })
  @Min(1, { message: 'SMTP_PORT must be a TCP port number (1–65535)' })
  @Max(65535, { message: 'SMTP_PORT must be a TCP port number (1–65535)' })
  SMTP_PORT?: number;

  /** starttls (default): upgrade on port 587 and refuse to send in clear; tls: TLS from the start (465). */
  @IsOptional()
  @IsIn(['starttls', 'tls', 'none'], { message: 'SMTP_SECURITY must be starttls, tls or none' })
  SMTP_SECURITY?: string;

  @IsOptional()
  @IsString({ message: 'SMTP_USER must be a user name' })
  @MaxLength(320, { message: 'SMTP_USER must be at most 320 characters' })
  SMTP_USER?: string;

  @IsOptional()
  @IsString({ message: 'SMTP_PASSWORD must be a password' })
  @MaxLength(1000, { message: 'SMTP_PASSWORD must be at most 1000 characters' })
  SMTP_PASSWORD?: string;

  @IsOptional()
  @Matches(new RegExp(String.raw`^(.*<${EMAIL}>|${EMAIL})$`), {
    message: 'FROM_EMAIL must be an e-mail address, optionally as "Name <address>"',
  })
  FROM_EMAIL?: string;

  @IsOptional()
  @Matches(EMAIL_LIST, { message: 'ALERT_EMAILS must be a comma-separated list of e-mail addresses' })
  @MaxLength(2000, { message: 'ALERT_EMAILS must be at most 2000 characters' })
  ALERT_EMAILS?: string;

  /** A PEM file of CAs to trust besides the system's (a private mail relay's certificate). */
  @IsOptional()
  @IsString({ message: 'SMTP_CA_FILE must be the path of a PEM file' })
  SMTP_CA_FILE?: string;

  // --- Slack and webhook ------------------------------------------------------------------------------------
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'SLACK_WEBHOOK_URL must be an http(s) URL (https://hooks.slack.com/…)' })
  SLACK_WEBHOOK_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'NOTIFICATION_WEBHOOK_URL must be an http(s) URL' })
  NOTIFICATION_WEBHOOK_URL?: string;

  @IsOptional()
  @MinLength(8, { message: 'WEBHOOK_TOKEN must be at least 8 characters' })
  @MaxLength(1000, { message: 'WEBHOOK_TOKEN must be at most 1000 characters' })
  @Matches(/^[A-Za-z0-9\-._~+/]+=*$/, { message: 'WEBHOOK_TOKEN must be a bearer token (RFC 6750 characters)' })
  WEBHOOK_TOKEN?: string;

  @IsOptional()
  @MinLength(16, { message: 'WEBHOOK_SIGNING_SECRET must be at least 16 characters' })
  @MaxLength(1000, { message: 'WEBHOOK_SIGNING_SECRET must be at most 1000 characters' })
  WEBHOOK_SIGNING_SECRET?: string;

  // --- Delivery and evaluation ------------------------------------------------------------------------------
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'NOTIFY_SOURCE must be 1–100 letters, digits, dots, - or _' })
  NOTIFY_SOURCE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('NOTIFY_TIMEOUT_MS', 100, 120000) })
  @Min(100, { message: MS('NOTIFY_TIMEOUT_MS', 100, 120000) })
  @Max(120_000, { message: MS('NOTIFY_TIMEOUT_MS', 100, 120000) })
  NOTIFY_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  @Min(1, { message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  @Max(50, { message: 'NOTIFY_MAX_ATTEMPTS must be an integer between 1 and 50' })
  NOTIFY_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('NOTIFY_RETRY_BASE_MS', 10, 3600000) })
  @Min(10, { message: MS('NOTIFY_RETRY_BASE_MS', 10, 3600000) })
  @Max(3_600_000, { message: MS('NOTIFY_RETRY_BASE_MS', 10, 3600000) })
  NOTIFY_RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('NOTIFY_RETRY_MAX_MS', 10, 86400000) })
  @Min(10, { message: MS('NOTIFY_RETRY_MAX_MS', 10, 86400000) })
  @Max(86_400_000, { message: MS('NOTIFY_RETRY_MAX_MS', 10, 86400000) })
  NOTIFY_RETRY_MAX_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('NOTIFY_POLL_MS', 10, 60000) })
  @Min(10, { message: MS('NOTIFY_POLL_MS', 10, 60000) })
  @Max(60_000, { message: MS('NOTIFY_POLL_MS', 10, 60000) })
  NOTIFY_POLL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('ALERT_EVALUATION_INTERVAL_MS', 100, 3600000) })
  @Min(100, { message: MS('ALERT_EVALUATION_INTERVAL_MS', 100, 3600000) })
  @Max(3_600_000, { message: MS('ALERT_EVALUATION_INTERVAL_MS', 100, 3600000) })
  ALERT_EVALUATION_INTERVAL_MS?: number;

  /** How far back each pass re-reads, for runs whose write landed after a later one's (write-behind, clocks). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: MS('ALERT_EVALUATION_OVERLAP_MS', 0, 3600000) })
  @Min(0, { message: MS('ALERT_EVALUATION_OVERLAP_MS', 0, 3600000) })
  @Max(3_600_000, { message: MS('ALERT_EVALUATION_OVERLAP_MS', 0, 3600000) })
  ALERT_EVALUATION_OVERLAP_MS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'ALERT_RULES_SYNC_CATALOGUE must be true or false' })
  ALERT_RULES_SYNC_CATALOGUE?: boolean;
}
