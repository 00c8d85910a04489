import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { RAG_QUEUE } from '@relais/domains/rag/contracts';
import { RagKnowledgeModule } from '@relais/domains/rag/integrations/rag-knowledge.module';
import { notificationsConfigOf } from '@relais/domains/ops/settings/ops.settings';
import { EngineModule } from '@relais/engine';
import { NotificationsModule } from '@relais/notifications';
import { UpdateKnowledgeBaseFlow } from './knowledge/update-knowledge-base.flow';

/** Runs the `rag` queue: DoctorPy's knowledge base of the Python documentation, updated and validated. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: RAG_QUEUE,
      flows: [UpdateKnowledgeBaseFlow],
      imports: [
        RagKnowledgeModule,
        // A run's summary to the channels its `notify` names: stored here, sent by the scheduler.
        NotificationsModule.forRoot({ dispatch: false, evaluate: false }, { configOf: notificationsConfigOf }),
      ],
    }),
  ],
})
export class WorkerRagModule {}
