import { defineDomain } from '@relais/domain-kit';
import { RAG_DEPLOYMENTS, UPDATE_KNOWLEDGE_BASE_FLOW } from './contracts';
import { RagApiModule } from './gateway/rag-api.module';
import { RAG_ENTITIES, RAG_MIGRATIONS, TypeormPageManifest } from './persistence';
import { RAG_DOMAIN_NAME, RAG_SETTINGS } from './settings/rag.settings';

/**
 * RAG (DoctorPy): a knowledge base of the Python documentation in Chroma (`doctorpy_docs`), kept up to date
 * incrementally and checked by validation gates, and questions over it. Its worker is apps/worker-rag;
 * docs/domains/rag.md is its user's page.
 */
export const RAG_DOMAIN = defineDomain({
  name: RAG_DOMAIN_NAME,
  description: 'The Python documentation as a knowledge base (Chroma), updated incrementally, and questions over it',
  flows: [UPDATE_KNOWLEDGE_BASE_FLOW],
  deployments: RAG_DEPLOYMENTS,
  // The page manifest: which page stands for which chunks, with its validators and content hash.
  tables: { entities: RAG_ENTITIES, migrations: RAG_MIGRATIONS, repositories: [TypeormPageManifest] },
  settings: RAG_SETTINGS,
  gateway: { module: RagApiModule },
  figures: [
    {
      key: 'rag_updates',
      label: 'Knowledge base updates',
      flow: UPDATE_KNOWLEDGE_BASE_FLOW.name,
      count: 'completed-runs',
    },
    {
      key: 'rag_pages_indexed',
      label: 'Documentation pages (re)indexed',
      flow: UPDATE_KNOWLEDGE_BASE_FLOW.name,
      sum: 'pages_indexed',
    },
  ],
});
