import { IngestDocuments1732300000000 } from './1732300000000-ingest-documents';
import { IngestDocumentEntity } from './ingest-document.entity';

export * from './document-record';
export * from './typeorm-document-manifest';
export * from './source-key';
export { IngestDocumentEntity, IngestDocuments1732300000000 };

/** The ingestion's entities, to register with the platform's (the lead adds them to the data source). */
export const INGEST_ENTITIES = [IngestDocumentEntity];

/** The ingestion's migrations, in order, to append to the platform's; never edit one that has shipped. */
export const INGEST_MIGRATIONS = [IngestDocuments1732300000000];
export * from './in-memory-document-manifest';
