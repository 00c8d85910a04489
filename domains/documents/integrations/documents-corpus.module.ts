import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { ChromaIndex } from '@relais/ingest';
import { DOCUMENTS_VECTOR_INDEX, DocumentCorpus } from '../corpus/document-corpus';
import { DocumentPaths } from '../paths/document-paths';
import { documentsSettingsOf } from '../settings/documents.settings';

/**
 * The documents domain's corpus (Chroma through the official client, the manifest, the embedder and, with a key,
 * Mistral) and its folders, built from its settings: for the worker's flows and the gateway's routes.
 */
@Module({
  providers: [
    {
      provide: DOCUMENTS_VECTOR_INDEX,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => {
        const settings = documentsSettingsOf(config);
        return new ChromaIndex({ url: settings.chromaUrl, collectionPrefix: settings.collectionPrefix });
      },
    },
    DocumentCorpus,
    DocumentPaths,
  ],
  exports: [DocumentCorpus, DocumentPaths],
})
export class DocumentsCorpusModule {}
