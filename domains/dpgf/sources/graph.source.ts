import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DeltaResyncRequired } from '@relais/integrations/microsoft-graph/delta-resync-required.error';
import type { GraphClient } from '@relais/integrations/microsoft-graph/graph.client';
import type { DriveItem } from '@relais/integrations/microsoft-graph/graph.types';
import { HttpStatusError } from '@relais/integrations/http/integration.errors';
import { normalisedText } from '../workbook/normalised-text';
import { DriveFolderTree, type Location } from './drive-folder-tree';
import type { GraphDeltaStore } from './graph-delta-store';
import { hashedCopy } from './hashed-copy';
import type {
  FolderMove,
  ListedFile,
  Listing,
  LocalCopy,
  PriceScheduleSource,
  ScanCheckpoint,
  ScanOptions,
} from './price-schedule-source';
import { entersFolder, keepsFile } from './scan-filters';
import { SizeMismatch, SourceUnreachable } from './source-errors';

/**
 * Unknown folders looked up one by one in a delta scan before the stored tree is judged too stale and the
 * folder is listed whole instead.
 */
const MAX_FOLDER_LOOKUPS = 200;

/**
 * Imported files a full walk did not list that are looked up by id in one scan, to find those deleted while no
 * delta link was kept (the first walks, or after a 410); the rest wait for the next walk.
 */
const MAX_GONE_LOOKUPS = 200;

/** The tree the stored one must be rebuilt from: the delta scan gives up and lists the folder whole. */
class FolderTreeTooStale extends Error {}

/**
 * A SharePoint document library through Microsoft Graph. The first scan of a folder (or one after Graph expired
 * the delta link, 410) walks it breadth-first, taking a delta link for the drive as it was just before; later
 * scans ask only for what changed since (`/root/delta` from the stored link), rebuilding each changed file's path
 * from its parent's id with the folder tree kept between runs, since delta answers carry no path. The link
 * moves forward only when the workflow says every changed file was imported (`advance`). Files are downloaded
 * as streams into the run's work folder, hashed on the way and checked against the listed size.
 */
export class GraphSource implements PriceScheduleSource {
  readonly kind = 'graph' as const;

  constructor(
    private readonly client: GraphClient,
    private readonly driveId: string,
    private readonly deltas: GraphDeltaStore,
  ) {}

  describe(rootFolder?: string): string {
    return `SharePoint drive ${this.driveId}:${rootFolder ?? '/'}`;
  }

  async list(options: ScanOptions): Promise<Listing> {
    const scope = this.scopeOf(options);
    const scopeKey = scopeKeyOf(scope);
    const recordState = options.recordState ?? true;
    const { driveRoot, scopeRoot } = await this.unreachableIfFailing(async () => {
      const root = await this.client.itemAtPath(this.driveId, '', options.signal);
      return { driveRoot: root, scopeRoot: options.rootFolder ? await this.scopeRootAt(options) : root };
    });
    const stored = await this.deltas.load(scopeKey);
    if (stored?.deltaLink) {
      const tree = new DriveFolderTree(stored.folders, scopeRoot.id);
      try {
        const { deltaLink, ...changes } = await this.unreachableIfFailing(() =>
          this.changes(tree, stored.deltaLink as string, options),
        );
        if (recordState) await this.deltas.saveFolders(scopeKey, scope, tree.snapshot);
        return { ...changes, mode: 'changes', checkpoint: { scopeKey, deltaLink } };
      } catch (error) {
        // Listed whole again: the changes since the link can no longer be known, or not cheaply.
        if (!(error instanceof DeltaResyncRequired || error instanceof FolderTreeTooStale)) throw error;
      }
    }
    const tree = new DriveFolderTree({}, scopeRoot.id);
    tree.record(driveRoot);
    if (scopeRoot !== driveRoot) tree.record(scopeRoot);
    const { files, complete, deltaLink } = await this.unreachableIfFailing(async () => {
      const latest = await this.client.latestDeltaLink(this.driveId, options.signal);
      return { ...(await this.walk({ id: scopeRoot.id, path: '' }, tree, options)), deltaLink: latest };
    });
    if (recordState) await this.deltas.saveFolders(scopeKey, scope, tree.snapshot);
    return { files, mode: 'full', checkpoint: complete ? { scopeKey, deltaLink } : null };
  }

  async advance(checkpoint: ScanCheckpoint): Promise<void> {
    await this.deltas.advance(checkpoint.scopeKey, checkpoint.deltaLink);
  }

  /**
   * Of imported files a walk did not list, those Graph no longer has (404, or a `deleted` facet). A file that is
   * still in the drive (outside the scanned folder, or under an excluded one) is not judged gone: it may be
   * another scope's. Deletions since a kept delta link come with the delta instead.
   */
  async gone(fileIds: string[], options: ScanOptions): Promise<string[]> {
    const gone: string[] = [];
    for (const id of fileIds.slice(0, MAX_GONE_LOOKUPS)) {
      const item = await this.unreachableIfFailing(() => this.lookUp(id, options.signal));
      if (!item || item.deleted) gone.push(id);
    }
    return gone;
  }

  /**
   * Of imports whose files left the scanned folder, those at a path this scope lists: its folders lead through the
   * folder tree kept for this scope (the one the listing just saved), none of them excluded, the file kept by the
   * filters. Paths are relative to the scope's root, so another scope's import at a path this scope does not have
   * is left alone.
   */
  async left(imports: { sourceId: string; path: string }[], options: ScanOptions): Promise<string[]> {
    if (imports.length === 0) return [];
    const stored = await this.deltas.load(scopeKeyOf(this.scopeOf(options)));
    if (!stored) return [];
    const scopeRoot = await this.unreachableIfFailing(() =>
      options.rootFolder ? this.scopeRootAt(options) : this.client.itemAtPath(this.driveId, '', options.signal),
    );
    const tree = new DriveFolderTree(stored.folders, scopeRoot.id);
    return imports
      .filter(({ path }) => {
        const folders = path.split('/').slice(0, -1);
        return keptPath(folders, path, options) && tree.hasFolderPath(folders.join('/'));
      })
      .map((row) => row.sourceId);
  }

  async fetch(file: ListedFile, workDir: string, signal?: AbortSignal): Promise<LocalCopy> {
    const folder = join(workDir, 'graph');
    await mkdir(folder, { recursive: true });
    const localPath = join(folder, `${file.id.replace(/[^\w!-]/g, '_')}${file.path.slice(file.path.lastIndexOf('.'))}`);
    const copy = await hashedCopy(await this.client.download(this.driveId, file.id, signal), localPath, signal);
    if (copy.size !== file.size) throw new SizeMismatch(file.path, file.size, copy.size);
    return copy;
  }

  /** The folder walked breadth-first up to maxFolders; `complete` is false when folders were left unvisited. */
  private async walk(
    start: { id: string; path: string },
    tree: DriveFolderTree,
    options: ScanOptions,
  ): Promise<{ files: ListedFile[]; complete: boolean }> {
    const files: ListedFile[] = [];
    const folders = [start];
    let visited = 0;
    while (folders.length > 0 && visited < options.maxFolders) {
      const folder = folders.shift() as { id: string; path: string };
      visited += 1;
      for (const item of await this.client.children(this.driveId, folder.id, options.signal)) {
        const path = folder.path ? `${folder.path}/${item.name}` : item.name;
        // Excluded folders are remembered too: a later change below one is then known to be excluded.
        tree.record(item);
        if (item.folder) {
          if (entersFolder(item.name, options)) folders.push({ id: item.id, path });
        } else if (item.file && keepsFile(path, options)) files.push(listedFile(item, path));
      }
    }
    return { files: files.sort((a, b) => a.path.localeCompare(b.path)), complete: folders.length === 0 };
  }

  /**
   * What changed since `deltaLink` below the scanned folder: the changed files, the folders renamed, moved or
   * deleted (Graph reports a renamed folder, not the files below it: the workflow moves their imports), and the
   * link to ask from next time. A folder that appears below the scanned folder (moved in, or restored) is
   * walked: the files it brings are not reported one by one either.
   */
  private async changes(
    tree: DriveFolderTree,
    deltaLink: string,
    options: ScanOptions,
  ): Promise<Omit<Listing, 'mode' | 'checkpoint'> & { deltaLink: string }> {
    const delta = await this.client.delta(deltaLink, options.signal);
    // Where each known folder was before this delta: the old half of a rename or move.
    const before = new Map<string, Location>();
    for (const item of delta.items)
      if (tree.has(item.id) && !before.has(item.id)) before.set(item.id, tree.locateFolder(item.id));
    // Folders first: a file's parent may come after it, or on a later page.
    for (const item of delta.items) tree.record(item);
    // Graph may report an item more than once in a delta: its last state counts.
    const latest = new Map<string, DriveItem>();
    for (const item of delta.items) latest.set(item.id, item);
    const lookups = { left: MAX_FOLDER_LOOKUPS };
    const files = new Map<string, ListedFile>();
    const movedFolders: FolderMove[] = [];
    const removedFolders: string[] = [];
    const removedFiles: string[] = [];
    const filesLeft: string[] = [];
    const appeared: { id: string; path: string }[] = [];
    for (const item of latest.values()) {
      const was = keptFolder(before.get(item.id), options);
      if (item.deleted) {
        if (was) removedFolders.push(was);
        else if (!before.has(item.id)) removedFiles.push(item.id); // a file (its import, if any, is found by id)
      } else if (item.folder && !item.root) {
        const now = keptFolder(await this.located(tree, item, lookups, options.signal), options);
        if (was && now && was !== now) movedFolders.push({ from: was, to: now });
        else if (was && !now) removedFolders.push(was);
        else if (!was && now) appeared.push({ id: item.id, path: now });
      } else if (item.file) {
        const place = await this.located(tree, item, lookups, options.signal);
        // A file whose folders could not be looked up is not judged either way.
        if (typeof place === 'object' && 'unknown' in place) continue;
        if (place !== 'outside' && keptPath(place.folders, place.path, options)) {
          files.set(item.id, listedFile(item, place.path));
        } else {
          // Moved out on its own (the delta gives no former path: its import's path says whether it was in scope).
          filesLeft.push(item.id);
        }
      }
    }
    // Shallowest first: a folder that appeared inside another one is walked with it, not again.
    const walked: string[] = [];
    for (const folder of appeared.sort((a, b) => a.path.length - b.path.length)) {
      if (walked.some((path) => folder.path.startsWith(`${path}/`))) continue;
      walked.push(folder.path);
      for (const file of (await this.walk(folder, tree, options)).files) files.set(file.id, file);
    }
    return {
      files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)),
      movedFolders,
      removedFolders,
      removedFiles,
      filesLeft,
      deltaLink: delta.deltaLink,
    };
  }

  /** Where an item of a delta sits now, folders unknown to the tree looked up on the way (a bounded number per scan). */
  private async located(
    tree: DriveFolderTree,
    item: DriveItem,
    lookups: { left: number },
    signal?: AbortSignal,
  ): Promise<Location> {
    let place = tree.locate(item.parentReference?.id, item.name);
    while (typeof place === 'object' && 'unknown' in place) {
      lookups.left -= 1;
      if (lookups.left < 0) throw new FolderTreeTooStale();
      const folder = await this.lookUp(place.unknown, signal);
      if (!folder) break;
      tree.record(folder);
      place = tree.locate(item.parentReference?.id, item.name);
    }
    return place;
  }

  /** An item by id (a folder not in the tree, or an imported file): null when it no longer exists. */
  private async lookUp(id: string, signal?: AbortSignal): Promise<DriveItem | null> {
    try {
      return await this.client.item(this.driveId, id, signal);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return null;
      throw error;
    }
  }

  /** What the stored delta state belongs to: a listing with other filters sees other files. */
  private scopeOf(options: ScanOptions): string {
    const names = (values: string[]) => values.map(normalisedText).sort().join(',');
    return `${this.driveId}:${options.rootFolder ?? '/'} exclude=${names(options.excludeDirs)} filters=${names(options.folderFilters)}`;
  }

  /** The root_folder's item; a folder that is not there stops the run with a message naming root_folder. */
  private async scopeRootAt(options: ScanOptions): Promise<DriveItem> {
    const path = options.rootFolder as string;
    const item = await this.lookUpPath(path, options.signal);
    if (!item?.folder) throw new SourceUnreachable(`root_folder ${path} is not a folder of drive ${this.driveId}`);
    return item;
  }

  private async lookUpPath(path: string, signal?: AbortSignal): Promise<DriveItem | null> {
    try {
      return await this.client.itemAtPath(this.driveId, path, signal);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) return null;
      throw error;
    }
  }

  private async unreachableIfFailing<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (
        error instanceof DeltaResyncRequired ||
        error instanceof FolderTreeTooStale ||
        error instanceof SourceUnreachable
      )
        throw error;
      throw new SourceUnreachable(`Microsoft Graph: ${(error as Error).message}`);
    }
  }
}

/** A file as a listing gives it, with Graph's content hash when it has one (quickXorHash on SharePoint). */
function listedFile(item: DriveItem, path: string): ListedFile {
  const tag = item.file?.hashes?.quickXorHash ?? item.file?.hashes?.sha256Hash;
  return { id: item.id, path, size: item.size ?? 0, ...(tag ? { contentTag: tag } : {}) };
}

/** The key a scope's delta state is stored under. */
function scopeKeyOf(scope: string): string {
  return createHash('sha256').update(scope).digest('hex');
}

/** Whether a file at `path` below the scanned folder is listed: every folder on its way entered, the file kept. */
function keptPath(folders: string[], path: string, options: ScanOptions): boolean {
  return folders.every((name) => entersFolder(name, options)) && keepsFile(path, options);
}

/** A folder's path when it is below the scanned folder and entered (no excluded folder on its way), else null. */
function keptFolder(place: Location | undefined, options: ScanOptions): string | null {
  if (typeof place !== 'object' || 'unknown' in place) return null;
  return place.path.split('/').every((name) => entersFolder(name, options)) ? place.path : null;
}
