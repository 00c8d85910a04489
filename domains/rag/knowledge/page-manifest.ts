/** What the knowledge base knows of one indexed documentation page. */
export interface PageRecord {
  /** The page's path under the base URL, e.g. `tutorial/inputoutput.html`: its identity. */
  page: string;
  url: string;
  title: string;
  sectionPath: string[];
  /** The validators of the last fetch, sent back as If-None-Match / If-Modified-Since. */
  etag: string | null;
  lastModified: string | null;
  /** sha256 (16 hex) of the extracted Markdown: a page whose content did not change is not re-indexed. */
  contentHash: string;
  /** The ids of the page's chunks in the index, `{page}_{hash}_chunk_{n}`. */
  chunkIds: string[];
  indexedAt: Date;
}

/** Where the knowledge base keeps its page records. */
export interface PageManifest {
  all(): Promise<PageRecord[]>;
  get(page: string): Promise<PageRecord | null>;
  put(record: PageRecord): Promise<void>;
  remove(page: string): Promise<void>;
}

/** A PageManifest in memory (for one process; the worker's durable one is a table). */
export class InMemoryPageManifest implements PageManifest {
  private readonly records = new Map<string, PageRecord>();

  all(): Promise<PageRecord[]> {
    return Promise.resolve([...this.records.values()]);
  }

  get(page: string): Promise<PageRecord | null> {
    return Promise.resolve(this.records.get(page) ?? null);
  }

  put(record: PageRecord): Promise<void> {
    this.records.set(record.page, { ...record, chunkIds: [...record.chunkIds] });
    return Promise.resolve();
  }

  remove(page: string): Promise<void> {
    this.records.delete(page);
    return Promise.resolve();
  }
}
