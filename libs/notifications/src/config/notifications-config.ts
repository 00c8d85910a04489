/** SMTP settings; `security` starttls refuses to send if the server does not offer STARTTLS. */
export interface EmailChannelConfig {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
  /** Extra CAs to trust (PEM), read from SMTP_CA_FILE. */
  ca: string | null;
}

export interface WebhookChannelConfig {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null;
  /** Signs each body (header x-relais-signature) when set. */
  signingSecret: string | null;
}

/** The validated, typed notifications configuration. */
export interface NotificationsConfig {
  /** Names this installation in every notification (`source`). Default `relais`. */
  source: string;
  /** Where the JSONL archive goes: `<RELAIS_DATA_DIR>/notifications`. */
  archiveDir: string;
  /** IANA zone of the archive files' dates (RELAIS_TIMEZONE). */
  timezone: string;
  /** Null when SMTP_HOST is unset. */
  email: EmailChannelConfig | null;
  /** Null when SLACK_WEBHOOK_URL is unset. */
  slack: { webhookUrl: string } | null;
  /** Null when NOTIFICATION_WEBHOOK_URL is unset. */
  webhook: WebhookChannelConfig | null;
  delivery: {
    /** Per attempt and channel. Default 10 000 ms. */
    timeoutMs: number;
    /** Default 8 (with the default backoff: about 2 h of retries). */
    maxAttempts: number;
    /** First retry delay, doubled each attempt, with jitter. Default 30 000 ms. */
    retryBaseMs: number;
    /** Ceiling of the retry delay. Default 3 600 000 ms. */
    retryMaxMs: number;
    /** How often each channel looks for due deliveries when nothing woke it. Default 1000 ms. */
    pollMs: number;
  };
  evaluation: {
    /** Default 30 000 ms. */
    intervalMs: number;
    /** Default 60 000 ms. */
    overlapMs: number;
    /** Write the code catalogue's rules into the database at start. Default true. */
    syncCatalogue: boolean;
  };
  /** Secret values (SMTP password, webhook token and secret, Slack URL): redacted from errors and logs. */
  secrets: string[];
}
