import { DataSource, type FindOptionsWhere, In, MoreThan, Raw, type Repository } from 'typeorm';
import type { DocumentFilter, DocumentManifest, DocumentRecord } from './document-record';
import { IngestDocumentEntity } from './ingest-document.entity';
import { sourceKeyOf } from './source-key';

/** Sources looked up per query: far under SQLite's and MySQL's limits on bound parameters. */
const LOOKUP_BATCH = 500;

/** The manifest in the platform's database (SQLite or MySQL), through TypeORM. */
export class TypeormDocumentManifest implements DocumentManifest {
  private readonly documents: Repository<IngestDocumentEntity>;

  constructor(dataSource: DataSource) {
    this.documents = dataSource.getRepository(IngestDocumentEntity);
  }

  async findBySource(source: string): Promise<DocumentRecord | null> {
    const row = await this.documents.findOneBy({ sourceKey: sourceKeyOf(source) });
    return row ? toRecord(row) : null;
  }

  async findBySources(sources: readonly string[]): Promise<DocumentRecord[]> {
    const keys = [...new Set(sources.map(sourceKeyOf))];
    const records: DocumentRecord[] = [];
    for (let start = 0; start < keys.length; start += LOOKUP_BATCH) {
      const rows = await this.documents.findBy({ sourceKey: In(keys.slice(start, start + LOOKUP_BATCH)) });
      records.push(...rows.map(toRecord));
    }
    return records;
  }

  async findById(id: string): Promise<DocumentRecord | null> {
    const row = await this.documents.findOneBy({ id });
    return row ? toRecord(row) : null;
  }

  async list(filter: DocumentFilter = {}): Promise<DocumentRecord[]> {
    const rows = await this.documents.find({
      where: this.where(filter),
      order: { updatedAt: 'DESC', id: 'ASC' },
      take: Math.min(Math.max(filter.limit ?? 100, 1), 1000),
      skip: Math.max(filter.offset ?? 0, 0),
    });
    return rows.map(toRecord);
  }

  async listAfter(afterId: string | null, limit: number): Promise<DocumentRecord[]> {
    const rows = await this.documents.find({
      where: afterId === null ? {} : { id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: Math.min(Math.max(limit, 1), 1000),
    });
    return rows.map(toRecord);
  }

  async listUnfinished(): Promise<DocumentRecord[]> {
    const rows = await this.documents
      .createQueryBuilder('document')
      .where('document.staged_chunks IS NOT NULL')
      .orWhere('document.retired_chunks IS NOT NULL')
      .orWhere("document.state IN ('indexing', 'removing')")
      .getMany();
    return rows.map(toRecord);
  }

  count(filter: Omit<DocumentFilter, 'limit' | 'offset'> = {}): Promise<number> {
    return this.documents.countBy(this.where(filter));
  }

  async save(record: DocumentRecord): Promise<void> {
    await this.documents.save(this.documents.create(record));
  }

  async delete(id: string): Promise<void> {
    await this.documents.delete({ id });
  }

  private where(filter: DocumentFilter): FindOptionsWhere<IngestDocumentEntity> {
    const where: FindOptionsWhere<IngestDocumentEntity> = {};
    if (filter.state) where.state = filter.state;
    if (filter.format) where.format = filter.format;
    if (filter.sourcePrefix) {
      // LIKE's wildcards in a folder name are matched literally; '!' escapes on SQLite and MySQL alike.
      const prefix = `${filter.sourcePrefix.replace(/[!%_]/g, '!$&')}%`;
      where.source = Raw((column) => `${column} LIKE :prefix ESCAPE '!'`, { prefix });
    }
    return where;
  }
}

function toRecord(row: IngestDocumentEntity): DocumentRecord {
  return { ...row } as DocumentRecord;
}
