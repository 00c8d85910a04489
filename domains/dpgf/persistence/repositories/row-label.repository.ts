import { Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import type { RowLabelCache } from '../../classification/ambiguous-row-classifier';
import { DpgfRowLabelEntity } from '../entities/dpgf-row-label.entity';
import { serialisedOnSqlite } from './serial-writes';

/** The labels of ambiguous rows, in the pricing database. */
@Injectable()
export class RowLabelRepository implements RowLabelCache {
  constructor(private readonly dataSource: DataSource) {}

  async find(hashes: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    // Bounded IN lists: a file brings at most MAX_AMBIGUOUS_ROWS.
    for (let start = 0; start < hashes.length; start += 500) {
      const rows = await this.dataSource
        .getRepository(DpgfRowLabelEntity)
        .findBy({ contentHash: In(hashes.slice(start, start + 500)) });
      for (const row of rows) found.set(row.contentHash, row.label);
    }
    return found;
  }

  async save(entries: readonly { hash: string; label: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    // Two imports may ask about the same row at once: the second answer is the same, the first stays.
    await serialisedOnSqlite(this.dataSource, () =>
      this.dataSource
        .createQueryBuilder()
        .insert()
        .into(DpgfRowLabelEntity)
        .values(entries.map((entry) => ({ contentHash: entry.hash, label: entry.label, createdAt: now })))
        .orIgnore()
        .execute(),
    );
  }
}
