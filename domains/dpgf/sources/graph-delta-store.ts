import type { FolderMap } from './drive-folder-tree';

/** What the last complete scan of one scope (drive, folder, filters) left: the delta link and the folder tree. */
export interface GraphDeltaState {
  /** Null until a run imported every file of a listing. */
  deltaLink: string | null;
  folders: FolderMap;
}

/**
 * Where the Graph source keeps its delta state between runs (the pricing database: dpgf_graph_delta). The
 * folders are saved as soon as a scan has seen them (re-reading the same changes gives the same tree); the link
 * only moves by `advance`, once every changed file of its delta was imported.
 */
export interface GraphDeltaStore {
  load(scopeKey: string): Promise<GraphDeltaState | null>;
  saveFolders(scopeKey: string, scope: string, folders: FolderMap): Promise<void>;
  advance(scopeKey: string, deltaLink: string): Promise<void>;
}
