import type { Severity } from './severity';

/** The channels Relais can deliver to; `archive` (the JSONL files) is always on. */
export type ChannelName = 'archive' | 'email' | 'slack' | 'webhook';

export const CHANNEL_NAMES: readonly ChannelName[] = ['archive', 'email', 'slack', 'webhook'];

/** A notification before it is stored: what a rule or a flow wants to say. */
export interface NotificationDraft {
  /** Dotted event name (`run.failed`, `health.below-threshold`, `report.produced`, `…resolved`, `test`). */
  event: string;
  /** One line; the e-mail subject and the Slack title. Bounded to 300 characters when stored. */
  title: string;
  /** Plain text. Bounded when stored. */
  message: string;
  severity: Severity;
  /** Alerts are red in Slack, `[ALERT]` in e-mail subjects and `is_alert: true` for webhooks. */
  isAlert: boolean;
  /** JSON-serialisable details (run id, flow, score…) sent as the webhook's `data`. */
  data: Record<string, unknown>;
  /** The rule that raised it, if any. */
  ruleId?: string | null;
  /** Unique when set: a second notification with the same key is never stored (exactly-once alerts). */
  dedupeKey?: string | null;
  /** Deliver to these channels only (default: every configured channel). */
  channels?: readonly ChannelName[];
}

/** A stored notification, as channels receive it. */
export interface Notification extends Required<Omit<NotificationDraft, 'channels'>> {
  id: string;
  /** Which Relais installation sent it (NOTIFY_SOURCE). */
  source: string;
  /** Raised while its alert was cooling down: archived in the table, delivered nowhere. */
  suppressed: boolean;
  createdAt: number;
}
