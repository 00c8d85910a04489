import type { ChannelName } from '../model/notification';
import type { Severity } from '../model/severity';

/** The conditions Relais can alert on (README "Notifications" describes each). */
export type RuleKind = 'run-failed' | 'health-below' | 'report-produced' | 'run-too-long' | 'flow-silent';

export const RULE_KINDS: readonly RuleKind[] = [
  'run-failed',
  'health-below',
  'report-produced',
  'run-too-long',
  'flow-silent',
];

/** Which runs a rule looks at; an empty or absent list does not filter. Every given list must match. */
export interface RunFilter {
  flows?: string[];
  deployments?: string[];
  /** Tags of the run's deployment (a run without a deployment has none). */
  tags?: string[];
}

/** A run ended FAILED or CRASHED: both are final (retries exhausted), so each such run is one occurrence. */
export interface RunFailedParams extends RunFilter {
  /** Default both. */
  states?: ('FAILED' | 'CRASHED')[];
}

/** A health check completed with a score under the threshold. */
export interface HealthBelowParams {
  /** Default `['ops.health-check']`. */
  flows?: string[];
  /** Default: the run's own `alert_threshold` parameter (70 unless the deployment says otherwise). */
  threshold?: number;
}

/** A run stored a report (an artifact). */
export interface ReportProducedParams {
  /** Report keys (`health-report`, `analytics-report`…); absent: any. */
  keys?: string[];
  /** Flows whose reports count; absent: any. */
  flows?: string[];
}

/** A run has been RUNNING for longer than `minutes`. */
export interface RunTooLongParams extends RunFilter {
  minutes: number;
}

/** Proactive: no run of `flow` created in the last `hours` has COMPLETED. */
export interface FlowSilentParams {
  flow: string;
  hours: number;
}

interface RuleBase {
  id: string;
  description: string;
  severity: Severity;
  /** After a notification, further ones for the same rule and subject wait this long (0: no wait, no repeat). */
  cooldownMs: number;
  enabled: boolean;
  /** Deliver to these channels only; null: every configured channel. The archive always gets it. */
  channels: ChannelName[] | null;
  /** When the rule was stored: a proactive rule does not alert about the time before it existed. */
  createdAt: number;
}

/** A validated alert rule, whatever its origin. */
export type AlertRule =
  | (RuleBase & { kind: 'run-failed'; params: RunFailedParams })
  | (RuleBase & { kind: 'health-below'; params: HealthBelowParams })
  | (RuleBase & { kind: 'report-produced'; params: ReportProducedParams })
  | (RuleBase & { kind: 'run-too-long'; params: RunTooLongParams })
  | (RuleBase & { kind: 'flow-silent'; params: FlowSilentParams });

/** The rule of one kind. */
export type AlertRuleOf<K extends RuleKind> = Extract<AlertRule, { kind: K }>;
