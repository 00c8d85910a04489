import { Injectable } from '@nestjs/common';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { DpgfImportFailureEntity } from '../entities/dpgf-import-failure.entity';
import { DpgfImportEntity } from '../entities/dpgf-import.entity';
import { DpgfEntity } from '../entities/dpgf.entity';
import { sourceKey } from './pricing-import.repository';
import { serialisedOnSqlite } from './serial-writes';

/** An import as its source knows it: the file's id and path there, its content and whether it is still there. */
export interface ImportAtSource {
  id: number;
  sourceId: string;
  path: string;
  sha256: string;
  sourceTag: string | null;
  sourceDeletedAt: number | null;
}

/**
 * Keeps the import bookkeeping in step with the files at their source, apart from importing: a file renamed or
 * moved there (its import follows it to the new path, the schedule's file name with it), a file deleted there
 * (its import is flagged with the time, its priced data kept until a run asks to prune it), a file back again.
 */
@Injectable()
export class ImportSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every import of a source (one row per imported file: thousands at most). */
  async importsOf(source: string): Promise<ImportAtSource[]> {
    const rows = await this.dataSource.getRepository(DpgfImportEntity).find({
      where: { source },
      select: { id: true, sourceId: true, sourcePath: true, sha256: true, sourceTag: true, sourceDeletedAt: true },
      order: { id: 'ASC' },
    });
    return rows.map((row) => ({
      id: row.id,
      sourceId: row.sourceId,
      path: row.sourcePath,
      sha256: row.sha256,
      sourceTag: row.sourceTag,
      sourceDeletedAt: row.sourceDeletedAt,
    }));
  }

  /** An import of this content whose file was found gone from the source: a file moved where ids follow paths. */
  async goneWithContent(source: string, sha256: string): Promise<ImportAtSource | null> {
    const row = await this.dataSource
      .getRepository(DpgfImportEntity)
      .findOne({ where: { source, sha256, sourceDeletedAt: Not(IsNull()) }, order: { id: 'ASC' } });
    return (
      row && {
        id: row.id,
        sourceId: row.sourceId,
        path: row.sourcePath,
        sha256: row.sha256,
        sourceTag: row.sourceTag,
        sourceDeletedAt: row.sourceDeletedAt,
      }
    );
  }

  /**
   * Moves an import to the file's new id and path at its source, in one transaction with the schedule's file
   * name and the failure remembered for the old path. False (nothing changed) when another import holds that path:
   * the file is then imported again there, which replaces both.
   */
  relocate(source: string, importId: number, to: { sourceId: string; path: string }): Promise<boolean> {
    return serialisedOnSqlite(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        const imports = manager.getRepository(DpgfImportEntity);
        const key = sourceKey(source, to.path);
        const holder = await imports.findOne({ where: { sourceKey: key }, select: { id: true } });
        if (holder && holder.id !== importId) return false;
        const current = await imports.findOne({ where: { id: importId }, select: { id: true, sourceKey: true } });
        if (!current) return false;
        await imports.update(importId, { sourceKey: key, sourceId: to.sourceId, sourcePath: to.path });
        await manager.getRepository(DpgfEntity).update({ importId }, { sourceFile: to.path.slice(0, 1000) });
        await manager
          .getRepository(DpgfImportFailureEntity)
          .update({ sourceKey: current.sourceKey }, { sourceKey: key, sourcePath: to.path });
        return true;
      }),
    );
  }

  /** Flags imports whose file is gone from its source, at `at`; those already flagged keep their first time. */
  async markDeleted(importIds: number[], at: number): Promise<void> {
    if (importIds.length === 0) return;
    await serialisedOnSqlite(this.dataSource, () =>
      this.dataSource
        .getRepository(DpgfImportEntity)
        .update({ id: In(importIds), sourceDeletedAt: IsNull() }, { sourceDeletedAt: at }),
    );
  }

  /** Clears the flag of imports whose file is at its source again (restored from the recycle bin, put back). */
  async restore(importIds: number[]): Promise<void> {
    if (importIds.length === 0) return;
    await serialisedOnSqlite(this.dataSource, () =>
      this.dataSource
        .getRepository(DpgfImportEntity)
        .update({ id: In(importIds), sourceDeletedAt: Not(IsNull()) }, { sourceDeletedAt: null }),
    );
  }

  /** Remembers the source's hash of the imported content, when the import at `path` is of that content. */
  async recordTag(source: string, path: string, sha256: string, tag: string): Promise<void> {
    await serialisedOnSqlite(this.dataSource, () =>
      this.dataSource
        .getRepository(DpgfImportEntity)
        .update({ sourceKey: sourceKey(source, path), sha256 }, { sourceTag: tag.slice(0, 200) }),
    );
  }

  /**
   * Deletes a flagged import and what it created (its schedule's rows cascade), in one transaction; false when it
   * is no longer flagged (its file came back meanwhile) or no longer there.
   */
  prune(importId: number): Promise<boolean> {
    return serialisedOnSqlite(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        const deleted = await manager
          .getRepository(DpgfImportEntity)
          .delete({ id: importId, sourceDeletedAt: Not(IsNull()) });
        return (deleted.affected ?? 1) > 0; // better-sqlite3 may not say: the row was flagged just before
      }),
    );
  }
}
