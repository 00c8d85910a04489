import { IsBoolean, IsOptional } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import type { BatchResult } from './batch.contract';
import { FolderIngestionParams } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';
import type { DocumentsHealth } from './documents-health';

export class ProcessFolderParams extends FolderIngestionParams {
  /** Store the JSON report (health before and after, the batch summary) as a run report and under the reports folder. */
  @IsOptional()
  @IsBoolean()
  report: boolean = true;
}

export interface ProcessFolderResult {
  folder: string;
  health_before: DocumentsHealth;
  health_after: DocumentsHealth;
  batch_run_id: string;
  batch: Omit<BatchResult, 'files'> | null;
  /** The report's id, and the file it was written to; null when `report` is false. */
  report_id: string | null;
  report_file: string | null;
}

export const PROCESS_FOLDER_FLOW = defineFlow<ProcessFolderParams, ProcessFolderResult>({
  name: 'documents.process-folder',
  queue: DOCUMENTS_QUEUE,
  description:
    'Checks the document pipeline, ingests a folder (documents.batch), checks again, and writes a JSON report',
  params: ProcessFolderParams,
  timeoutMs: 6 * 60 * 60 * 1000,
});
