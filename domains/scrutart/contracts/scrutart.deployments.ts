import { PROCESS_ARTIST_FLOW } from './process-artist.contract';
import { PROCESS_BATCH_FLOW } from './process-batch.contract';
import type { DeploymentDefinition } from '@relais/contracts';

/** The Scrutart seed's deployments: one artist on demand, and a batch every 6 hours (paused until someone wants it). */
export const SCRUTART_DEPLOYMENTS: DeploymentDefinition[] = [
  {
    name: 'scrutart-single-artist',
    flow: PROCESS_ARTIST_FLOW.name,
    description: 'One painter on demand: run it with --param qid=Q…',
    parameters: { qid: 'Q296', languages: ['fr'], auto_publish: 'draft' },
    tags: ['scrutart', 'manual'],
  },
  {
    name: 'scrutart-batch-processing',
    flow: PROCESS_BATCH_FLOW.name,
    description: 'A batch of painters every 6 hours (paused by default: set its qids, then resume it)',
    parameters: {
      qids: ['Q296', 'Q46373', 'Q134741', 'Q175130'],
      batch_name: 'Impressionnistes',
      languages: ['fr', 'en', 'es'],
      auto_publish: 'draft',
      concurrency: 5,
    },
    schedule: { cron: '0 */6 * * *' },
    pausedByDefault: true,
    tags: ['scrutart', 'batch'],
  },
];
