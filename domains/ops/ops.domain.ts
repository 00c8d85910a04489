import { defineDomain } from '@relais/domain-kit';
import { NOTIFICATION_ENTITIES, NOTIFICATION_MIGRATIONS } from '@relais/notifications';
import { HEALTH_CHECK_FLOW } from './contracts/health-check.contract';
import { OPS_DEPLOYMENTS } from './contracts/ops.deployments';
import { OpsApiModule } from './gateway/ops-api.module';
import { OPS_ROUTES } from './gateway/ops-routes';
import { OPS_DOMAIN_NAME, OPS_SETTINGS } from './settings/ops.settings';

/**
 * Ops: the platform looking after itself (health checks, alerting, maintenance, monitoring and analytics). Its
 * worker is apps/worker-ops; the scheduler evaluates its alert rules and sends notifications;
 * docs/domains/ops.md is its user's page.
 */
export const OPS_DOMAIN = defineDomain({
  name: OPS_DOMAIN_NAME,
  description: 'Health checks, alerting, maintenance, monitoring and analytics of the platform itself',
  flows: [HEALTH_CHECK_FLOW],
  deployments: OPS_DEPLOYMENTS,
  // Notifications, their deliveries, rules and alert states: the platform's alerting, which ops owns.
  tables: { entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS },
  settings: OPS_SETTINGS,
  gateway: { module: OpsApiModule, legacyRoutes: OPS_ROUTES },
});
