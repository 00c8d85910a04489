/** A spreadsheet a source lists: its id there, its path under the scanned folder, its listed size. */
export interface ListedFile {
  id: string;
  /** Under the source's root, `/`-separated (`Client/Projet/DPGF-lot 3.xlsx`). */
  path: string;
  size: number;
  /** The source's own hash of the content (SharePoint's quickXorHash): a moved file with the same one is unchanged. */
  contentTag?: string;
}

/** A file as it is now on this machine, with the hash of its bytes. */
export interface LocalCopy {
  localPath: string;
  sha256: string;
  size: number;
}

/** How far a scan goes. */
export interface ScanOptions {
  /** Absolute folder (file source) or a folder path in the drive (graph); the source's default when absent. */
  rootFolder?: string;
  /** Folder names not entered (compared without accents or case). */
  excludeDirs: string[];
  /** When not empty, only files whose folder path contains one of these words. */
  folderFilters: string[];
  maxFolders: number;
  /** False in runs that write nothing (dry run, stop_after): the source keeps no state, so the next run sees the same changes. Default true. */
  recordState?: boolean;
  signal?: AbortSignal;
}

/** Where the next listing of a source starts (a Graph delta link), handed back to `advance` once every listed file is imported. */
export interface ScanCheckpoint {
  scopeKey: string;
  deltaLink: string;
}

/** What a scan found. */
export interface Listing {
  files: ListedFile[];
  /** Every file under the folder (`full`), or only those changed since the last complete run (`changes`). */
  mode: 'full' | 'changes';
  /** Null when the source keeps no position (a folder is walked whole each time), or the walk stopped early. */
  checkpoint: ScanCheckpoint | null;
  /** Folders renamed or moved inside the scanned folder since the last scan: what was below `from` is now below `to`. */
  movedFolders?: FolderMove[];
  /** Folders (paths under the scanned folder) deleted, or moved out of it or under an excluded folder, since the last scan. */
  removedFolders?: string[];
  /** Ids of files deleted since the last scan. */
  removedFiles?: string[];
  /**
   * Ids of files changed since the last scan that are now outside the scanned folder, under an excluded folder or
   * no longer kept by the filters (a file moved out on its own): `left` says which of their imports were in scope.
   */
  filesLeft?: string[];
}

/** A folder that was renamed or moved: paths under the scanned folder, `/`-separated. */
export interface FolderMove {
  from: string;
  to: string;
}

/** The spreadsheet extensions a scan keeps (.xls is kept to be reported: the importer refuses it with advice). */
export const SPREADSHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xls'];

/**
 * Where price schedules are found: a folder or a SharePoint drive. `list` and `fetch` throw SourceUnreachable or
 * MissingCredentials (critical: the run stops) or a plain Error for one file (the run goes on without it).
 */
export interface PriceScheduleSource {
  readonly kind: 'file' | 'graph';
  /** What a report calls the scanned place. */
  describe(rootFolder?: string): string;
  list(options: ScanOptions): Promise<Listing>;
  /** Stores the checkpoint a listing gave: only once every file it listed was imported (or set aside for good). */
  advance?(checkpoint: ScanCheckpoint): Promise<void>;
  /**
   * Of these file ids (imported earlier), those that no longer exist below the scanned folder: what a full scan,
   * which lists only what is there, cannot say by itself. Sources that report deletions as changes omit it.
   */
  gone?(fileIds: string[], options: ScanOptions): Promise<string[]>;
  /**
   * Of imports whose files left the scanned folder (`Listing.filesLeft`), the source ids of those whose path was
   * one this scope lists (its folders below the scanned folder, none excluded): a file that left another scope's
   * folder, or changed outside this one, is not this scope's to flag.
   */
  left?(imports: { sourceId: string; path: string }[], options: ScanOptions): Promise<string[]>;
  /** The file's bytes on this machine (downloaded under `workDir` when remote), checked against the listed size. */
  fetch(file: ListedFile, workDir: string, signal?: AbortSignal): Promise<LocalCopy>;
}
