import type { NotificationRuleEntity } from '@relais/notifications';
import { BENCH_FLOWS, HEALTH_FLOW } from './seed-history';

/**
 * 100 rules of every kind: 40 run-failed (all flows, per flow, per tag, CRASHED only), 20 health-below, 10
 * report-produced, 10 run-too-long and 20 flow-silent (each one indexed seek per pass).
 */
export function benchRules(now: number): NotificationRuleEntity[] {
  const rule = (
    id: string,
    kind: NotificationRuleEntity['kind'],
    params: Record<string, unknown>,
  ): NotificationRuleEntity => ({
    id,
    kind,
    params,
    description: id,
    severity: 'warning',
    cooldownMs: 15 * 60_000,
    enabled: true,
    channels: null,
    origin: 'api',
    createdAt: now - 90 * 24 * 3_600_000,
    updatedAt: now,
  });
  return [
    ...Array.from({ length: 40 }, (_, i) =>
      rule(
        `failed-${i}`,
        'run-failed',
        i === 0
          ? {}
          : i % 3 === 0
            ? { states: ['CRASHED'], flows: [BENCH_FLOWS[i]] }
            : i % 3 === 1
              ? { flows: [BENCH_FLOWS[i]] }
              : { tags: [`tag-${i}`] },
      ),
    ),
    ...Array.from({ length: 20 }, (_, i) =>
      rule(`health-${i}`, 'health-below', { flows: [HEALTH_FLOW], threshold: 50 + i }),
    ),
    ...Array.from({ length: 10 }, (_, i) => rule(`report-${i}`, 'report-produced', { keys: [`report-${i}`] })),
    ...Array.from({ length: 10 }, (_, i) =>
      rule(`long-${i}`, 'run-too-long', { minutes: 30 + i * 10, flows: [BENCH_FLOWS[i]] }),
    ),
    ...Array.from({ length: 20 }, (_, i) =>
      rule(`silent-${i}`, 'flow-silent', { flow: BENCH_FLOWS[i * 3], hours: 1 + i }),
    ),
  ];
}
