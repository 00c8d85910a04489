import type { DeploymentDefinition } from '@relais/contracts';
import { DPGF_WORKFLOW_FLOW } from './dpgf-workflow.contract';

/** The seed's nightly run (`0 2 * * *`): every night's changes must be imported, so a missed night runs once. */
export const DPGF_DEPLOYMENTS: DeploymentDefinition[] = [
  {
    name: 'dpgf-nightly-import',
    flow: DPGF_WORKFLOW_FLOW.name,
    description: 'Every night at 02:00: scan the source, identify price schedules, import what changed',
    parameters: { min_confidence: 0.5, max_files: 50, exclude_dirs: ['Archives', 'Temp', 'Backup'] },
    schedule: { cron: '0 2 * * *' },
    catchUp: 'fire_once',
    tags: ['dpgf', 'nightly'],
  },
];
