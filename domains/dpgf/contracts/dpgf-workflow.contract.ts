import { defineFlow } from '@relais/contracts';
import { DpgfWorkflowParams } from './dpgf-workflow.params';
import { DPGF_QUEUE } from './dpgf.queue';
import { ImportFileParams } from './import-file.params';

/** A file the run could not take through a phase: the workflow goes on without it. */
export interface FileError {
  path: string;
  phase: 'identify' | 'download' | 'import';
  message: string;
}

/** A spreadsheet a scan found, with its identification once it was scored. */
export interface FileFinding {
  path: string;
  size: number;
  type?: string;
  confidence?: number;
  reasons?: string[];
  /** At or above min_confidence and within max_files. */
  kept?: boolean;
}

/** The findings a result lists at most (a share holds thousands of spreadsheets): the best scores first. */
export const MAX_FINDINGS_LISTED = 500;

/** An import whose file is gone from its source (deleted, or moved out of the scanned folder). */
export interface DeletedSource {
  /** The import (GET /api/dpgf/imports lists it with `source_deleted_at`). */
  import_id: number;
  path: string;
  /** When a scan first found the file gone. */
  deleted_at: string;
  /** Removed in this run with its priced data (prune_deleted); otherwise still in the pricing database. */
  pruned: boolean;
}

/** What a dry run would import from one file. */
export interface FilePreview {
  path: string;
  type: string;
  confidence: number;
  client: string;
  project: string;
  lots: { sheet: string; number: string | null; name: string; sections: number; elements: number }[];
  first_rows: {
    designation: string;
    unit: string | null;
    quantity: number | null;
    unit_price: number | null;
    total: number | null;
  }[];
}

export interface DpgfWorkflowResult {
  source: string;
  dry_run: boolean;
  started_at: string;
  ended_at: string;
  /** `full`: every spreadsheet under the folder was listed; `changes`: only those changed since the last complete run (SharePoint delta). */
  scan_mode: 'full' | 'changes';
  /** Whether the stored delta link moved past this run's changes (every one of them imported). */
  delta_advanced: boolean;
  files_scanned: number;
  files_identified: number;
  files_downloaded: number;
  bytes_downloaded: number;
  /** Files whose content was already imported (same path, same SHA-256): nothing to do. */
  files_unchanged: number;
  files_imported: number;
  /** Imports moved to their file's new path (the file, or a folder above it, renamed or moved): not imported again. */
  files_moved: number;
  /** Imports whose file this run found gone from the source: flagged, their data kept. */
  sources_deleted: number;
  /** Flagged imports removed with their data in this run (prune_deleted). */
  imports_pruned: number;
  /** Every import of the source whose file is gone, flagged in this run or before (at most MAX_FINDINGS_LISTED). */
  deleted_sources: DeletedSource[];
  clients: number;
  dpgf: number;
  lots: number;
  sections: number;
  elements: number;
  mismatches: number;
  phases_ms: Record<'scan' | 'identify' | 'download' | 'import', number>;
  errors: FileError[];
  /** With stop_after: what the scan (and identification) found, at most MAX_FINDINGS_LISTED. */
  files?: FileFinding[];
  /** The phase the run stopped after, when stop_after was given. */
  stopped_after?: 'scan' | 'identify';
  previews: FilePreview[];
  report_ids: string[];
}

export interface ImportFileResult {
  path: string;
  client: string;
  lots: number;
  sections: number;
  elements: number;
  mismatches: number;
  replaced: number;
  duration_ms: number;
}

export const DPGF_WORKFLOW_FLOW = defineFlow<DpgfWorkflowParams, DpgfWorkflowResult>({
  name: 'dpgf.workflow',
  queue: DPGF_QUEUE,
  description: 'Finds DPGF/BPU/DQE spreadsheets in a folder or on SharePoint, identifies them and imports them',
  params: DpgfWorkflowParams,
  timeoutMs: 6 * 60 * 60 * 1000,
});

export const IMPORT_FILE_FLOW = defineFlow<ImportFileParams, ImportFileResult>({
  name: 'dpgf.import-file',
  queue: DPGF_QUEUE,
  description: 'Imports one downloaded price schedule in one transaction (a re-import replaces the previous one)',
  params: ImportFileParams,
  timeoutMs: 30 * 60 * 1000,
});
