export * from './documents.queue';
export * from './document-params';
export * from './documents-health';
export * from './index-counts';
export * from './pipeline-tests';
export * from './ingest-file.contract';
export * from './batch.contract';
export * from './process-folder.contract';
export * from './nightly-inbox.contract';
export * from './vector-maintenance.contract';
export * from './restore-backup.contract';
export * from './cleanup-old-files.contract';
export * from './weekly-maintenance.contract';
export * from './smoke-tests.contract';
export * from './automated-tests.contract';
export * from './regression-tests.contract';
export * from './documents.deployments';

import { AUTOMATED_TESTS_FLOW } from './automated-tests.contract';
import { BATCH_FLOW } from './batch.contract';
import { CLEANUP_OLD_FILES_FLOW } from './cleanup-old-files.contract';
import { INGEST_FILE_FLOW } from './ingest-file.contract';
import { NIGHTLY_INBOX_FLOW } from './nightly-inbox.contract';
import { PROCESS_FOLDER_FLOW } from './process-folder.contract';
import { REGRESSION_TESTS_FLOW } from './regression-tests.contract';
import { RESTORE_BACKUP_FLOW } from './restore-backup.contract';
import { SMOKE_TESTS_FLOW } from './smoke-tests.contract';
import { VECTOR_MAINTENANCE_FLOW } from './vector-maintenance.contract';
import { WEEKLY_MAINTENANCE_FLOW } from './weekly-maintenance.contract';

/** Every flow of the documents domain. */
export const DOCUMENTS_FLOWS = [
  INGEST_FILE_FLOW,
  BATCH_FLOW,
  PROCESS_FOLDER_FLOW,
  NIGHTLY_INBOX_FLOW,
  VECTOR_MAINTENANCE_FLOW,
  RESTORE_BACKUP_FLOW,
  CLEANUP_OLD_FILES_FLOW,
  WEEKLY_MAINTENANCE_FLOW,
  SMOKE_TESTS_FLOW,
  AUTOMATED_TESTS_FLOW,
  REGRESSION_TESTS_FLOW,
] as const;
