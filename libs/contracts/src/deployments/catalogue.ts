import type { DeploymentDefinition } from './deployment-definition';
import { OPS_DEPLOYMENTS } from './ops.deployments';
import { SCRUTART_DEPLOYMENTS } from './scrutart.deployments';

/**
 * Every deployment Relais ships. Each domain adds its own list here once its flows exist; the scheduler syncs
 * the catalogue into the `deployments` table at start.
 */
export const DEPLOYMENT_CATALOGUE: readonly DeploymentDefinition[] = [...OPS_DEPLOYMENTS, ...SCRUTART_DEPLOYMENTS];
