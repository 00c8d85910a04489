/**
 * The JSON of the notification routes (`/api/notifications…`), shared by the gateway and the CLI. Types only:
 * a client imports nothing at run time from here.
 */

/** A rule as the API shows it: the field names a client sends back in POST and PATCH. */
export interface RuleView {
  id: string;
  kind: string;
  description: string;
  params: Record<string, unknown>;
  severity: string;
  cooldown_minutes: number;
  enabled: boolean;
  /** Null: every configured channel (the archive always). */
  channels: string[] | null;
  origin: string;
  created_at: string;
  updated_at: string;
}

/** One notification of the log with where it went (errors are stored redacted). */
export interface NotificationView {
  id: string;
  event: string;
  title: string;
  message: string;
  severity: string;
  is_alert: boolean;
  rule_id: string | null;
  suppressed: boolean;
  data: Record<string, unknown>;
  created_at: string;
  deliveries: {
    channel: string;
    state: string;
    attempts: number;
    last_error: string | null;
    delivered_at: string | null;
  }[];
}

/** A page of `GET /api/notifications`: pass `nextCursor` as `cursor` for the next one. */
export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
}
