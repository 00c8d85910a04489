import { randomUUID } from 'node:crypto';
import type { Notification } from '@relais/notifications';

/** A stored alert notification; override what the test is about. */
export function aNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: randomUUID(),
    event: 'run.failed',
    title: 'Run failed: ops.health-check',
    message: 'Run 1234 of ops.health-check ended FAILED after 2/2 attempts: disk full',
    severity: 'critical',
    isAlert: true,
    data: { run_id: '1234', flow: 'ops.health-check', attempts: 2 },
    ruleId: 'run-failed',
    dedupeKey: null,
    source: 'relais-test',
    suppressed: false,
    createdAt: Date.UTC(2025, 0, 15, 23, 30),
    ...overrides,
  };
}
