import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphClient } from '@relais/integrations/microsoft-graph/graph.client';
import { hashedCopy } from './hashed-copy';
import type { ListedFile, LocalCopy, PriceScheduleSource, ScanOptions } from './price-schedule-source';
import { entersFolder, keepsFile } from './scan-filters';
import { SizeMismatch, SourceUnreachable } from './source-errors';

/**
 * A SharePoint document library through Microsoft Graph: folders walked breadth-first from `rootFolder` (a path
 * in the drive), files downloaded as streams into the run's work folder, hashed on the way and checked against
 * the size the listing gave.
 */
export class GraphSource implements PriceScheduleSource {
  readonly kind = 'graph' as const;

  constructor(
    private readonly client: GraphClient,
    private readonly driveId: string,
  ) {}

  describe(rootFolder?: string): string {
    return `SharePoint drive ${this.driveId}:${rootFolder ?? '/'}`;
  }

  async list(options: ScanOptions): Promise<ListedFile[]> {
    let root: string;
    try {
      root = options.rootFolder
        ? (await this.client.itemAtPath(this.driveId, options.rootFolder, options.signal)).id
        : 'root';
    } catch (error) {
      throw new SourceUnreachable(`Microsoft Graph: ${(error as Error).message}`);
    }
    const files: ListedFile[] = [];
    const folders: { id: string; path: string }[] = [{ id: root, path: '' }];
    let visited = 0;
    while (folders.length > 0 && visited < options.maxFolders) {
      const folder = folders.shift() as { id: string; path: string };
      visited += 1;
      let children;
      try {
        children = await this.client.children(this.driveId, folder.id, options.signal);
      } catch (error) {
        throw new SourceUnreachable(`Microsoft Graph: ${(error as Error).message}`);
      }
      for (const item of children) {
        const path = folder.path ? `${folder.path}/${item.name}` : item.name;
        if (item.folder) {
          if (entersFolder(item.name, options)) folders.push({ id: item.id, path });
        } else if (item.file && keepsFile(path, options)) files.push({ id: item.id, path, size: item.size ?? 0 });
      }
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async fetch(file: ListedFile, workDir: string, signal?: AbortSignal): Promise<LocalCopy> {
    const folder = join(workDir, 'graph');
    await mkdir(folder, { recursive: true });
    const localPath = join(folder, `${file.id.replace(/[^\w!-]/g, '_')}${file.path.slice(file.path.lastIndexOf('.'))}`);
    const copy = await hashedCopy(await this.client.download(this.driveId, file.id, signal), localPath, signal);
    if (copy.size !== file.size) throw new SizeMismatch(file.path, file.size, copy.size);
    return copy;
  }
}
