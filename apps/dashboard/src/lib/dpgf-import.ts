/** How the DPGF page starts `dpgf.workflow`: as the nightly run does, or on one folder of the file source. */
export type DpgfImportMode = 'auto' | 'folder';

export interface DpgfImportChoice {
  mode: DpgfImportMode;
  /** With `folder`: an absolute path under one of DPGF_FOLDER_ROOTS. */
  folder: string;
  dryRun: boolean;
  deepScan: boolean;
}

/** The seed's folders never entered (`Archives,Temp,Backup`), as the nightly deployment passes them. */
export const NIGHTLY_EXCLUDED_DIRS = ['Archives', 'Temp', 'Backup'];

/** `root_folder` is at most 1000 characters on one line (DpgfWorkflowParams). */
const MAX_FOLDER = 1000;

/**
 * The `dpgf.workflow` parameters for the page's choice, or the field at fault. `auto` leaves the source and its
 * root to the worker's settings (DPGF_SOURCE, the first folder root or the drive's root), as `relais dpgf --auto`.
 */
export function dpgfImportParameters(
  choice: DpgfImportChoice,
): { parameters: Record<string, unknown> } | { field: string; message: string } {
  const parameters: Record<string, unknown> = { exclude_dirs: NIGHTLY_EXCLUDED_DIRS };
  if (choice.mode === 'folder') {
    const folder = choice.folder.trim();
    if (folder === '') return { field: 'root_folder', message: 'Give the folder to scan' };
    if (folder.length > MAX_FOLDER || /[\r\n]/.test(folder)) {
      return { field: 'root_folder', message: `The folder must be one line of at most ${MAX_FOLDER} characters` };
    }
    parameters.source = 'file';
    parameters.root_folder = folder;
  }
  if (choice.dryRun) parameters.dry_run = true;
  if (choice.deepScan) parameters.deep_scan = true;
  return { parameters };
}

/** A file the workflow could not take through a phase (DpgfWorkflowResult.errors). */
export interface DpgfFileError {
  path: string;
  phase: string;
  message: string;
}

/** The figures of a `dpgf.workflow` result the page shows; anything missing reads as absent, not as a crash. */
export interface DpgfRunFigures {
  dryRun: boolean;
  scanned: number;
  identified: number;
  unchanged: number;
  imported: number;
  elements: number;
  errors: DpgfFileError[];
  previews: { path: string; type: string; client: string; project: string; lots: number }[];
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads a run's result as a `dpgf.workflow` result (the dashboard does not import the domain's types). */
export function dpgfRunFigures(result: unknown): DpgfRunFigures | null {
  if (result === null || typeof result !== 'object') return null;
  const record = result as Record<string, unknown>;
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value)
      ? value.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
      : [];
  return {
    dryRun: record.dry_run === true,
    scanned: count(record.files_scanned),
    identified: count(record.files_identified),
    unchanged: count(record.files_unchanged),
    imported: count(record.files_imported),
    elements: count(record.elements),
    errors: list(record.errors).map((error) => ({
      path: text(error.path),
      phase: text(error.phase),
      message: text(error.message),
    })),
    previews: list(record.previews).map((preview) => ({
      path: text(preview.path),
      type: text(preview.type),
      client: text(preview.client),
      project: text(preview.project),
      lots: Array.isArray(preview.lots) ? preview.lots.length : 0,
    })),
  };
}
