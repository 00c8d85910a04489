import { createHash } from 'node:crypto';
import {
  chunkDocument,
  type ChunkCollection,
  type ChunkingOptions,
  type Embedder,
  type IndexedChunk,
} from '@relais/ingest';
import type { CrawledPage, DocsCrawler, PageValidators } from '../crawler/docs-crawler';
import { extractSphinxPage } from '../extraction/sphinx-page.extractor';
import type { PageManifest, PageRecord } from './page-manifest';

/** How one update treats what it already knows. */
export interface KnowledgeBaseUpdateOptions {
  /** Fetch every page unconditionally (no If-None-Match / If-Modified-Since). */
  forceRefresh?: boolean;
  /** Re-chunk and re-embed every fetched page even when its content hash did not change (implies forceRefresh). */
  forceReindex?: boolean;
  /**
   * Delete the chunks of known pages that `pages` does not list (default true). False when `pages` is only part
   * of the configured list (a run's max_documents): the pages left out are kept as they are.
   */
  removeUnlisted?: boolean;
}

/** What one update did, page by page and in the index. */
export interface KnowledgeBaseUpdate {
  /** Pages answered 304 (or an unchanged mirror file): nothing read, nothing written. */
  notModified: string[];
  /** Pages fetched whose content hash had not changed: only their validators were updated. */
  unchanged: string[];
  /** Pages whose chunks were (re)written. */
  indexed: string[];
  /** Pages gone from the list or from the site: their chunks were deleted. */
  removed: string[];
  chunksWritten: number;
  chunksDeleted: number;
}

/**
 * Keeps the `doctorpy_docs` collection in step with the configured pages: fetches them conditionally, skips what
 * did not change, writes the chunks of a changed page under new ids before deleting its old ones (a search never
 * sees the page missing), and deletes the chunks of pages no longer listed or no longer served.
 */
export class KnowledgeBaseIndexer {
  constructor(
    private readonly crawler: DocsCrawler,
    private readonly manifest: PageManifest,
    private readonly collection: ChunkCollection,
    private readonly embedder: Embedder,
    private readonly chunking: ChunkingOptions,
  ) {}

  /** Brings the index up to date with `pages` (paths under the crawler's base URL). */
  async update(pages: readonly string[], options: KnowledgeBaseUpdateOptions = {}): Promise<KnowledgeBaseUpdate> {
    const known = new Map((await this.manifest.all()).map((record) => [record.page, record]));
    const conditional = !options.forceRefresh && !options.forceReindex;
    const validators = new Map<string, PageValidators>(conditional ? [...known] : []);
    const result: KnowledgeBaseUpdate = {
      notModified: [],
      unchanged: [],
      indexed: [],
      removed: [],
      chunksWritten: 0,
      chunksDeleted: 0,
    };
    for (const crawled of await this.crawler.crawl(pages, validators)) {
      const previous = known.get(crawled.page) ?? null;
      if (crawled.outcome === 'not-modified') result.notModified.push(crawled.page);
      else if (crawled.outcome === 'unavailable') {
        if (previous) await this.removePage(previous, result);
      } else await this.indexPage(crawled, previous, options.forceReindex ?? false, result);
    }
    if (options.removeUnlisted ?? true) {
      const listed = new Set(pages);
      for (const record of known.values()) {
        if (!listed.has(record.page)) await this.removePage(record, result);
      }
    }
    return result;
  }

  private async indexPage(
    crawled: Extract<CrawledPage, { outcome: 'fetched' }>,
    previous: PageRecord | null,
    forceReindex: boolean,
    result: KnowledgeBaseUpdate,
  ): Promise<void> {
    const extracted = extractSphinxPage(crawled.html);
    const contentHash = createHash('sha256').update(extracted.markdown).digest('hex').slice(0, 16);
    const record: PageRecord = {
      page: crawled.page,
      url: crawled.url,
      title: extracted.title,
      sectionPath: extracted.sectionPath,
      etag: crawled.etag,
      lastModified: crawled.lastModified,
      contentHash,
      chunkIds: previous?.chunkIds ?? [],
      indexedAt: previous?.indexedAt ?? new Date(),
    };
    if (previous?.contentHash === contentHash && !forceReindex) {
      await this.manifest.put(record);
      result.unchanged.push(crawled.page);
      return;
    }
    const pieces = chunkDocument(
      { format: 'markdown', text: extracted.markdown, title: extracted.title, warnings: [] },
      this.chunking,
    );
    const vectors = pieces.length > 0 ? await this.embedder.embed(pieces.map((piece) => piece.text)) : [];
    const chunks: IndexedChunk[] = pieces.map((piece, n) => ({
      id: `${crawled.page}_${contentHash}_chunk_${n}`,
      text: piece.text,
      embedding: vectors[n] ?? [],
      metadata: {
        documentId: crawled.page,
        source: crawled.url,
        format: 'markdown',
        documentType: piece.documentType,
        chunkIndex: piece.index,
        chunkTotal: piece.total,
        charStart: piece.start,
        charEnd: piece.end,
        keywords: piece.keywords.join(','),
      },
    }));
    // New chunks first, then the old ones: a question asked meanwhile still finds the page.
    if (chunks.length > 0) await this.collection.upsert(chunks);
    const kept = new Set(chunks.map((chunk) => chunk.id));
    const stale = (previous?.chunkIds ?? []).filter((id) => !kept.has(id));
    if (stale.length > 0) await this.collection.delete(stale);
    await this.manifest.put({ ...record, chunkIds: [...kept], indexedAt: new Date() });
    result.indexed.push(crawled.page);
    result.chunksWritten += chunks.length;
    result.chunksDeleted += stale.length;
  }

  private async removePage(record: PageRecord, result: KnowledgeBaseUpdate): Promise<void> {
    if (record.chunkIds.length > 0) await this.collection.delete(record.chunkIds);
    await this.manifest.remove(record.page);
    result.removed.push(record.page);
    result.chunksDeleted += record.chunkIds.length;
  }
}
