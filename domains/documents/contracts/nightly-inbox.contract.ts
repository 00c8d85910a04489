import { IsOptional } from 'class-validator';
import { defineFlow } from '@relais/contracts';
import { ConfinedPath } from './document-params';
import { DOCUMENTS_QUEUE } from './documents.queue';

export class NightlyInboxParams {
  /** The folder to watch: relative to the data directory or absolute, inside the documents roots (default: the inbox). */
  @IsOptional()
  @ConfinedPath('folder')
  watch_folder: string = 'inbox';
}

export interface NightlyInboxResult {
  watch_folder: string;
  /** Files found in the folder (its processed/ and failed/ archives aside). */
  found: number;
  processed: number;
  failed: number;
  /** Where this night's files went: `processed/<timestamp>` and `failed/<timestamp>` under the folder. */
  processed_folder: string | null;
  failed_folder: string | null;
  batch_run_id: string | null;
  moved: { file: string; to: string }[];
}

export const NIGHTLY_INBOX_FLOW = defineFlow<NightlyInboxParams, NightlyInboxResult>({
  name: 'documents.nightly-inbox',
  queue: DOCUMENTS_QUEUE,
  description:
    'Ingests the files waiting in the inbox (documents.batch), then moves them to processed/<timestamp>/ or failed/<timestamp>/',
  params: NightlyInboxParams,
  timeoutMs: 6 * 60 * 60 * 1000,
});
