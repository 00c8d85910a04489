import { defineDomain } from '@relais/domain-kit';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@relais/notifications';
import { HEALTH_CHECK_FLOW } from './contracts/health-check.contract';
import { OPS_DEPLOYMENTS } from './contracts/ops.deployments';

/**
 * Ops: the platform looking after itself (health checks; maintenance, monitoring and analytics to come). Its
 * worker is apps/worker-ops; docs/domains/ops.md is its user's page.
 */
export const OPS_DOMAIN = defineDomain({
  name: 'ops',
  description: 'Health checks, maintenance, monitoring and analytics of the platform itself',
  flows: [HEALTH_CHECK_FLOW],
  deployments: OPS_DEPLOYMENTS,
  // Notifications, their deliveries, rules and alert states: the platform's alerting, which ops owns.
  tables: { entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS },
});
