import { defineDomain } from '@relais/domain-kit';
import { INGEST_ENTITIES, INGEST_MIGRATIONS, TypeormDocumentManifest } from '@relais/ingest/manifest';
import { DOCUMENTS_DEPLOYMENTS, DOCUMENTS_FLOWS } from './contracts';
import { DocumentsApiModule } from './gateway/documents-api.module';
import { DOCUMENTS_DOMAIN_NAME, DOCUMENTS_SETTINGS } from './settings/documents.settings';

/**
 * Documents (DontREADME): files ingested into Chroma and questions over them, kept fresh, backed up, verified and
 * tested by flows. Its worker is apps/worker-documents; docs/domains/documents.md is its user's page.
 */
export const DOCUMENTS_DOMAIN = defineDomain({
  name: DOCUMENTS_DOMAIN_NAME,
  description: 'Documents ingested into a vector index (Chroma), questions over them, and their maintenance',
  flows: [...DOCUMENTS_FLOWS],
  deployments: DOCUMENTS_DEPLOYMENTS,
  // The ingestion manifest (libs/ingest): which file stands for which chunks.
  tables: { entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS, repositories: [TypeormDocumentManifest] },
  settings: DOCUMENTS_SETTINGS,
  gateway: { module: DocumentsApiModule, uploadRoutes: [''] },
});
