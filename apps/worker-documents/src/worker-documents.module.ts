import { Module } from '@nestjs/common';
import { DOMAINS } from '@relais/domains';
import { DOCUMENTS_QUEUE } from '@relais/domains/documents/contracts';
import { DocumentsCorpusModule } from '@relais/domains/documents/integrations/documents-corpus.module';
import { EngineModule } from '@relais/engine';
import { DocumentsHealthCheck } from './health/documents-health.check';
import { BatchFlow } from './ingestion/batch.flow';
import { IngestFileFlow } from './ingestion/ingest-file.flow';
import { NightlyInboxFlow } from './ingestion/nightly-inbox.flow';
import { ProcessFolderFlow } from './ingestion/process-folder.flow';
import { CleanupOldFilesFlow } from './maintenance/cleanup-old-files.flow';
import { IndexRepair } from './maintenance/index-repair';
import { IndexSnapshots } from './maintenance/index-snapshots';
import { RestoreBackupFlow } from './maintenance/restore-backup.flow';
import { VectorBackups } from './maintenance/vector-backups';
import { VectorMaintenanceFlow } from './maintenance/vector-maintenance.flow';
import { WeeklyMaintenanceFlow } from './maintenance/weekly-maintenance.flow';
import { AutomatedTestsFlow } from './pipeline-tests/automated-tests.flow';
import { PipelineTestSuites } from './pipeline-tests/pipeline-test-suites';
import { RegressionTestsFlow } from './pipeline-tests/regression-tests.flow';
import { SmokeTestsFlow } from './pipeline-tests/smoke-tests.flow';
import { SuiteRunner } from './pipeline-tests/suite-runner';

/** Runs the `documents` queue: ingestion into Chroma, its maintenance, and the pipeline's tests. */
@Module({
  imports: [
    EngineModule.forWorker({
      domains: DOMAINS,
      queue: DOCUMENTS_QUEUE,
      flows: [
        IngestFileFlow,
        BatchFlow,
        ProcessFolderFlow,
        NightlyInboxFlow,
        VectorMaintenanceFlow,
        RestoreBackupFlow,
        CleanupOldFilesFlow,
        WeeklyMaintenanceFlow,
        SmokeTestsFlow,
        AutomatedTestsFlow,
        RegressionTestsFlow,
      ],
      imports: [DocumentsCorpusModule],
      providers: [DocumentsHealthCheck, IndexSnapshots, VectorBackups, IndexRepair, PipelineTestSuites, SuiteRunner],
    }),
  ],
})
export class WorkerDocumentsModule {}
