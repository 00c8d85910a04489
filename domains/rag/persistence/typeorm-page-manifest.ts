import type { DataSource, Repository } from 'typeorm';
import type { PageManifest, PageRecord } from '../knowledge/page-manifest';
import { RagPageEntity } from './rag-page.entity';

/** The RAG page manifest in Relais's database (SQLite or MySQL/MariaDB), through TypeORM. */
export class TypeormPageManifest implements PageManifest {
  private readonly pages: Repository<RagPageEntity>;

  constructor(dataSource: DataSource) {
    this.pages = dataSource.getRepository(RagPageEntity);
  }

  async all(): Promise<PageRecord[]> {
    return (await this.pages.find({ order: { page: 'ASC' } })).map(toRecord);
  }

  async get(page: string): Promise<PageRecord | null> {
    const row = await this.pages.findOneBy({ page });
    return row ? toRecord(row) : null;
  }

  async put(record: PageRecord): Promise<void> {
    await this.pages.save(
      this.pages.create({
        page: record.page,
        url: record.url,
        title: record.title.slice(0, 500),
        sectionPath: record.sectionPath,
        // A validator longer than its column is dropped: the next fetch is unconditional, never wrong.
        etag: record.etag && record.etag.length <= 500 ? record.etag : null,
        lastModified: record.lastModified && record.lastModified.length <= 100 ? record.lastModified : null,
        contentHash: record.contentHash,
        chunkIds: record.chunkIds,
        chunkCount: record.chunkIds.length,
        indexedAt: record.indexedAt.getTime(),
        fetchedAt: Date.now(),
      }),
    );
  }

  async remove(page: string): Promise<void> {
    await this.pages.delete({ page });
  }

  /** A page of the manifest in path order, for `GET /api/rag/pages`. */
  async list(limit: number, offset: number): Promise<(PageRecord & { fetchedAt: Date })[]> {
    const rows = await this.pages.find({
      order: { page: 'ASC' },
      take: Math.min(Math.max(limit, 1), 1000),
      skip: Math.max(offset, 0),
    });
    return rows.map((row) => ({ ...toRecord(row), fetchedAt: new Date(row.fetchedAt) }));
  }

  count(): Promise<number> {
    return this.pages.count();
  }
}

function toRecord(row: RagPageEntity): PageRecord {
  return {
    page: row.page,
    url: row.url,
    title: row.title,
    sectionPath: row.sectionPath,
    etag: row.etag,
    lastModified: row.lastModified,
    contentHash: row.contentHash,
    chunkIds: row.chunkIds,
    indexedAt: new Date(row.indexedAt),
  };
}
