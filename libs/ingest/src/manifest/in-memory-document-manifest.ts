import type { DocumentFilter, DocumentManifest, DocumentRecord } from './document-record';

/**
 * A manifest kept in memory: for ingestions that must leave no trace in the database (a pipeline self-test
 * writing into a scratch collection), and for tests. Same contract as TypeormDocumentManifest.
 */
export class InMemoryDocumentManifest implements DocumentManifest {
  private readonly records = new Map<string, DocumentRecord>();

  findBySource(source: string): Promise<DocumentRecord | null> {
    return Promise.resolve(this.all().find((record) => record.source === source) ?? null);
  }

  findBySources(sources: readonly string[]): Promise<DocumentRecord[]> {
    const wanted = new Set(sources);
    return Promise.resolve(this.all().filter((record) => wanted.has(record.source)));
  }

  findById(id: string): Promise<DocumentRecord | null> {
    return Promise.resolve(copy(this.records.get(id)) ?? null);
  }

  list(filter: DocumentFilter = {}): Promise<DocumentRecord[]> {
    const offset = Math.max(filter.offset ?? 0, 0);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    return Promise.resolve(
      this.matching(filter)
        .sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id))
        .slice(offset, offset + limit),
    );
  }

  listAfter(afterId: string | null, limit: number): Promise<DocumentRecord[]> {
    return Promise.resolve(
      this.all()
        .filter((record) => afterId === null || record.id > afterId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, limit),
    );
  }

  listUnfinished(): Promise<DocumentRecord[]> {
    return Promise.resolve(
      this.all().filter(
        (record) =>
          record.stagedChunks !== null ||
          record.retiredChunks !== null ||
          record.state === 'indexing' ||
          record.state === 'removing',
      ),
    );
  }

  count(filter: Omit<DocumentFilter, 'limit' | 'offset'> = {}): Promise<number> {
    return Promise.resolve(this.matching(filter).length);
  }

  save(record: DocumentRecord): Promise<void> {
    const clash = this.all().find((other) => other.sourceKey === record.sourceKey && other.id !== record.id);
    if (clash) return Promise.reject(new Error(`source ${record.source} is already recorded as ${clash.id}`));
    this.records.set(record.id, structuredClone(record));
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.records.delete(id);
    return Promise.resolve();
  }

  private all(): DocumentRecord[] {
    return [...this.records.values()].map((record) => structuredClone(record));
  }

  private matching(filter: Omit<DocumentFilter, 'limit' | 'offset'>): DocumentRecord[] {
    return this.all().filter(
      (record) =>
        (!filter.state || record.state === filter.state) &&
        (!filter.format || record.format === filter.format) &&
        (!filter.sourcePrefix || record.source.startsWith(filter.sourcePrefix)),
    );
  }
}

function copy(record: DocumentRecord | undefined): DocumentRecord | undefined {
  return record && structuredClone(record);
}
