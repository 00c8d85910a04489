import { Module } from '@nestjs/common';
import { RagKnowledgeModule } from '../integrations/rag-knowledge.module';
import { RagController } from './rag.controller';
import { RagQuestions } from './rag-questions';

/** The RAG part of the gateway, mounted under /api/rag. */
@Module({
  imports: [RagKnowledgeModule],
  controllers: [RagController],
  providers: [RagQuestions],
})
export class RagApiModule {}
