import { defineDomain } from '@relais/domain-kit';
import { DPGF_WORKFLOW_FLOW, IMPORT_FILE_FLOW } from './contracts/dpgf-workflow.contract';
import { DPGF_DEPLOYMENTS } from './contracts/dpgf.deployments';
import { DpgfApiModule } from './gateway/dpgf-api.module';
import {
  DPGF_ENTITIES,
  DPGF_MIGRATIONS,
  GraphDeltaRepository,
  ImportSourcesRepository,
  PricingImportRepository,
  RowLabelRepository,
} from './persistence';
import { DPGF_DOMAIN_NAME, DPGF_SETTINGS } from './settings/dpgf.settings';

/**
 * DPGF: construction price schedules (DPGF, BPU, DQE) found in a folder or on SharePoint, identified and
 * imported into the pricing database. Its worker is apps/worker-dpgf; docs/domains/dpgf.md is its user's page.
 */
export const DPGF_DOMAIN = defineDomain({
  name: DPGF_DOMAIN_NAME,
  description: 'Price schedules (DPGF/BPU/DQE) from a folder or SharePoint, imported into the pricing database',
  flows: [DPGF_WORKFLOW_FLOW, IMPORT_FILE_FLOW],
  deployments: DPGF_DEPLOYMENTS,
  database: {
    url: (settings) => settings.databaseUrl,
    urlVariable: 'DPGF_DATABASE_URL',
    entities: DPGF_ENTITIES,
    migrations: DPGF_MIGRATIONS,
    repositories: [PricingImportRepository, ImportSourcesRepository, GraphDeltaRepository, RowLabelRepository],
  },
  settings: DPGF_SETTINGS,
  gateway: { module: DpgfApiModule },
});
