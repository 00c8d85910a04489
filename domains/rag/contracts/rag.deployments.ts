import type { DeploymentDefinition } from '@relais/contracts';
import { UPDATE_KNOWLEDGE_BASE_FLOW } from './update-knowledge-base.contract';

/** The seed's three RAG deployments (doctorpy-prefect-config.md). */
export const RAG_DEPLOYMENTS: DeploymentDefinition[] = [
  {
    name: 'daily-rag-update',
    flow: UPDATE_KNOWLEDGE_BASE_FLOW.name,
    description: 'Every day at 02:00: the quick incremental update (unchanged pages cost a 304), no gates',
    parameters: { validate: false },
    schedule: { cron: '0 2 * * *' },
    // A missed night is caught up by the next one: it fetches whatever changed meanwhile.
    catchUp: 'skip',
    tags: ['rag', 'daily'],
  },
  {
    name: 'weekly-rag-full-update',
    flow: UPDATE_KNOWLEDGE_BASE_FLOW.name,
    description: 'Sundays at 01:00: every page fetched again (force_refresh), then the validation gates',
    parameters: { force_refresh: true, validate: true },
    schedule: { cron: '0 1 * * 0' },
    catchUp: 'fire_once',
    tags: ['rag', 'weekly'],
  },
  {
    name: 'manual-rag-update',
    flow: UPDATE_KNOWLEDGE_BASE_FLOW.name,
    description: 'On demand: an incremental update with the validation gates',
    parameters: { validate: true },
    tags: ['rag', 'manual'],
  },
];
