import type { AlertRule } from './alert-rule';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A catalogue rule: what the code ships; `createdAt` is set when it is first synced into the database. */
export type CatalogueRule = Omit<AlertRule, 'createdAt'>;

/**
 * The seeds' alerting, as rules. Synced into notification_rules at start (a new rule is inserted; an existing
 * one is left as an operator may have edited it); edit or disable them through the API.
 */
export const RULE_CATALOGUE: readonly CatalogueRule[] = [
  {
    id: 'run-failed',
    kind: 'run-failed',
    description: 'A run of any flow ended FAILED or CRASHED after its last attempt',
    params: {},
    severity: 'critical',
    // One alert per flow per quarter of an hour; the next one says how many failures it kept quiet.
    cooldownMs: 15 * MINUTE,
    enabled: true,
    channels: null,
  },
  {
    // DontREADME and DoctorPy: "Score santé < 70 : alerte système" (the health check's alert_threshold).
    id: 'health-below-threshold',
    kind: 'health-below',
    description: "The health check's score fell under its alert threshold",
    params: { flows: ['ops.health-check'] },
    severity: 'warning',
    // While it stays low, remind every hour; the 15-minute checks would otherwise alert four times an hour.
    cooldownMs: HOUR,
    enabled: true,
    channels: null,
  },
  {
    // The seeds notify their analytics and performance reports to the team.
    id: 'report-produced',
    kind: 'report-produced',
    description: 'The analytics and performance reports, as they are produced',
    // Their Markdown summaries only: each run also stores a JSON report, which would be a second message.
    params: {
      flows: ['ops.analytics-report', 'ops.performance-monitoring'],
      keys: ['analytics-summary', 'performance-summary'],
    },
    severity: 'info',
    cooldownMs: 0,
    enabled: true,
    channels: null,
  },
  {
    id: 'run-too-long',
    kind: 'run-too-long',
    description: 'A run has been running for more than two hours',
    params: { minutes: 120 },
    severity: 'warning',
    cooldownMs: 0,
    enabled: true,
    channels: null,
  },
  {
    // The hourly health check is the monitoring itself: if it stops completing, nothing else will alert.
    id: 'health-check-silent',
    kind: 'flow-silent',
    description: 'No health check has completed in the last 3 hours',
    params: { flow: 'ops.health-check', hours: 3 },
    severity: 'critical',
    cooldownMs: 6 * HOUR,
    enabled: true,
    channels: null,
  },
  {
    id: 'daily-maintenance-silent',
    kind: 'flow-silent',
    description: 'No daily maintenance (backups, retention) has completed in the last 26 hours',
    params: { flow: 'ops.daily-maintenance', hours: 26 },
    severity: 'critical',
    cooldownMs: 24 * HOUR,
    enabled: true,
    channels: null,
  },
];
