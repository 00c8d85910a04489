import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { FolderMap } from '../../sources/drive-folder-tree';
import type { GraphDeltaState, GraphDeltaStore } from '../../sources/graph-delta-store';
import { DpgfGraphDeltaEntity } from '../entities/dpgf-graph-delta.entity';

/** The Graph source's delta state, in the pricing database (one row per scan scope). */
@Injectable()
export class GraphDeltaRepository implements GraphDeltaStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(scopeKey: string): Promise<GraphDeltaState | null> {
    const row = await this.dataSource.getRepository(DpgfGraphDeltaEntity).findOneBy({ scopeKey });
    return row && { deltaLink: row.deltaLink, folders: row.folders };
  }

  /** Saves the folder tree; a scope seen for the first time starts without a link. */
  async saveFolders(scopeKey: string, scope: string, folders: FolderMap): Promise<void> {
    const repository = this.dataSource.getRepository(DpgfGraphDeltaEntity);
    const updated = await repository.update({ scopeKey }, { folders, updatedAt: Date.now() });
    if (updated.affected === 0)
      await repository.insert({
        scopeKey,
        scope: scope.slice(0, 1000),
        deltaLink: null,
        folders,
        updatedAt: Date.now(),
      });
  }

  async advance(scopeKey: string, deltaLink: string): Promise<void> {
    await this.dataSource
      .getRepository(DpgfGraphDeltaEntity)
      .update({ scopeKey }, { deltaLink, updatedAt: Date.now() });
  }
}
