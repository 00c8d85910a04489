import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { DPGF_QUEUE } from '@relais/domains/dpgf/contracts';
import { DpgfClientsModule } from '@relais/domains/dpgf/integrations/dpgf-clients.module';
import { EngineModule } from '@relais/engine';
import { ImportFileFlow } from './import/import-file.flow';
import { DpgfWorkflowFlow } from './workflow/dpgf-workflow.flow';

/** Runs the `dpgf` queue: price schedules found, identified and imported into the pricing database. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: DPGF_QUEUE,
      flows: [DpgfWorkflowFlow, ImportFileFlow],
      imports: [DpgfClientsModule],
    }),
  ],
})
export class WorkerDpgfModule {}
