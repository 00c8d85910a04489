import { PlatformTables1732190000000 } from './1732190000000-platform-tables';
import { ApiTokens1732200000000 } from './1732200000000-api-tokens';
import { FlowRunsFlowStateIndex1732260000000 } from './1732260000000-flow-runs-flow-state-index';
import { FlowRunsConcurrencyGroup1732270000000 } from './1732270000000-flow-runs-concurrency-group';
import { ApiTokensShortPrefix1732280000000 } from './1732280000000-api-tokens-short-prefix';
import { DeploymentsPausedByAll1732285000000 } from './1732285000000-deployments-paused-by-all';
import { DeploymentsCatchUp1732290000000 } from './1732290000000-deployments-catch-up';

/**
 * The platform's migrations. Each domain declares its own in its RelaisDomain; TypeORM runs the union in
 * timestamp order. Never edit one that has shipped.
 */
export const PLATFORM_MIGRATIONS = [
  PlatformTables1732190000000,
  ApiTokens1732200000000,
  FlowRunsFlowStateIndex1732260000000,
  FlowRunsConcurrencyGroup1732270000000,
  ApiTokensShortPrefix1732280000000,
  DeploymentsPausedByAll1732285000000,
  DeploymentsCatchUp1732290000000,
];
