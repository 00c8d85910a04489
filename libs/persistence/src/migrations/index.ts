import { PlatformTables1732190000000 } from './1732190000000-platform-tables';
import { ApiTokens1732200000000 } from './1732200000000-api-tokens';
import { ScrutartTables1732250000000 } from './1732250000000-scrutart-tables';
import { FlowRunsFlowStateIndex1732260000000 } from './1732260000000-flow-runs-flow-state-index';
import { FlowRunsConcurrencyGroup1732270000000 } from './1732270000000-flow-runs-concurrency-group';
import { DeploymentsPausedByAll1732280000000 } from './1732280000000-deployments-paused-by-all';

/** Every migration, in order. Domains append theirs; never edit one that has shipped. */
export const MIGRATIONS = [
  PlatformTables1732190000000,
  ApiTokens1732200000000,
  ScrutartTables1732250000000,
  FlowRunsFlowStateIndex1732260000000,
  FlowRunsConcurrencyGroup1732270000000,
  DeploymentsPausedByAll1732280000000,
];
