import type { DriveItem } from '@relais/integrations/microsoft-graph/graph.types';

/** A folder of the drive as last seen: its parent's id (null for the drive's root) and its name. */
export interface KnownFolder {
  parent: string | null;
  name: string;
}

/** Folders by item id: what rebuilds a path when Graph gives only the parent's id (delta answers). */
export type FolderMap = Record<string, KnownFolder>;

/** Where a file sits under the scanned folder, or the first folder on its way up that is not known yet. */
export type Location = { path: string; folders: string[] } | { unknown: string } | 'outside';

/** The deepest folder chain followed: deeper means a loop in what was recorded. */
const MAX_DEPTH = 500;

/**
 * The drive's folders by id, kept between runs, so that the path of a file a delta query reports (with its
 * parent's id and no path) can be rebuilt: each folder leads to its parent, up to the scanned folder.
 */
export class DriveFolderTree {
  private readonly folders: FolderMap;
  private children: Map<string, Map<string, string>> | null = null;

  constructor(
    folders: FolderMap,
    /** The scanned folder's item id: paths are relative to it; files not below it are outside. */
    private readonly scopeRootId: string,
  ) {
    this.folders = { ...folders };
  }

  /** The folders as they are now, to store. */
  get snapshot(): FolderMap {
    return { ...this.folders };
  }

  get size(): number {
    return Object.keys(this.folders).length;
  }

  /** Whether this folder is known (recorded and not deleted since). */
  has(id: string): boolean {
    return id in this.folders;
  }

  /** Where a known folder sits under the scanned folder (its own path, with the folders above it). */
  locateFolder(id: string): Location {
    const folder = this.folders[id] as KnownFolder | undefined;
    if (!folder) return { unknown: id };
    if (folder.parent === null || id === this.scopeRootId) return 'outside';
    return this.locate(folder.parent, folder.name);
  }

  /**
   * Whether a folder path (relative to the scanned folder, `/`-separated; '' is the scanned folder itself) leads
   * through known folders: where an import's file was when its path is one this scope gave it.
   */
  hasFolderPath(path: string): boolean {
    if (path === '') return true;
    const children = this.childrenByName();
    let id: string | undefined = this.scopeRootId;
    for (const name of path.split('/')) {
      id = children.get(id)?.get(name);
      if (id === undefined) return false;
    }
    return true;
  }

  /** Each folder's subfolders by name: built once for many path checks, dropped when a folder is recorded. */
  private childrenByName(): Map<string, Map<string, string>> {
    if (this.children) return this.children;
    const children = new Map<string, Map<string, string>>();
    for (const [id, folder] of Object.entries(this.folders)) {
      if (folder.parent === null) continue;
      const named = children.get(folder.parent) ?? new Map<string, string>();
      named.set(folder.name, id);
      children.set(folder.parent, named);
    }
    this.children = children;
    return children;
  }

  /** Records a folder (from a listing, a delta or a look-up), or forgets it when it was deleted. Files are ignored. */
  record(item: DriveItem): void {
    this.children = null;
    if (item.deleted) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a map keyed by item id
      delete this.folders[item.id];
    } else if (item.root) {
      this.folders[item.id] = { parent: null, name: item.name };
    } else if (item.folder) {
      this.folders[item.id] = { parent: item.parentReference?.id ?? null, name: item.name };
    }
  }

  /** The path of a file named `name` in folder `parentId`, relative to the scanned folder, with the folder names on the way. */
  locate(parentId: string | undefined, name: string): Location {
    if (!parentId) return 'outside';
    const names: string[] = [];
    let id = parentId;
    for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
      if (id === this.scopeRootId) {
        const folders = names.reverse();
        return { path: [...folders, name].join('/'), folders };
      }
      const folder = this.folders[id] as KnownFolder | undefined;
      if (!folder) return { unknown: id };
      if (folder.parent === null) return 'outside';
      names.push(folder.name);
      id = folder.parent;
    }
    return 'outside';
  }
}
