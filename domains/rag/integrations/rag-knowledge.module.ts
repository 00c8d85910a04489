import { Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { ChromaIndex } from '@relais/ingest';
import { DoctorPyKnowledgeBase, RAG_VECTOR_INDEX } from '../knowledge/doctorpy-knowledge-base';
import { ragSettingsOf } from '../settings/rag.settings';

/** DoctorPy's knowledge base (Chroma through the official client, the page manifest, the embedder, Mistral). */
@Module({
  providers: [
    {
      provide: RAG_VECTOR_INDEX,
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => {
        const settings = ragSettingsOf(config);
        return new ChromaIndex({ url: settings.chromaUrl, collectionPrefix: settings.collectionPrefix });
      },
    },
    DoctorPyKnowledgeBase,
  ],
  exports: [DoctorPyKnowledgeBase],
})
export class RagKnowledgeModule {}
