import type { Embedder } from '../embedding/embedder';
import type { CollectionSummary, VectorIndex } from '../index/vector-index';
import type { RecoveryResult } from '../ingestor';
import type { DocumentManifest, DocumentRecord, DocumentState } from '../manifest/document-record';

/** The manifest and the index side by side: what a maintenance report shows before and after. */
export interface IndexCounts {
  documents: number;
  byState: Record<DocumentState, number>;
  /** Chunks the manifest says stand for its documents now. */
  manifestChunks: number;
  /** Chunks in the index's collections (current, staged, retired and orphans alike). */
  indexChunks: number;
  collections: CollectionSummary[];
}

/** A document whose current chunks are not all in the index. */
export interface MissingChunks {
  documentId: string;
  source: string;
  missing: number;
}

/** What a verification found, and what its repair did. */
export interface VerifyReport {
  repaired: boolean;
  /** What recover() finished first (interrupted ingestions and removals); null without repair. */
  recovered: RecoveryResult | null;
  /** Chunks in the index that no document claims (current, staged or retired), per collection. */
  orphans: { collection: string; count: number }[];
  orphansDeleted: number;
  /** Collections of embedders no document uses any more, dropped whole. */
  collectionsDropped: string[];
  missing: MissingChunks[];
  reindexed: string[];
  reindexFailed: { documentId: string; source: string; error: string }[];
  /** After the repair (or as found, without one): no orphan, no missing chunk. */
  consistent: boolean;
}

/** Indexes a document again from its file; throws when it cannot (the file is gone, it is refused now). */
export type Reindexer = (record: DocumentRecord) => Promise<void>;

const PAGE = 1000;

/**
 * Compares the manifest (the truth about what should be searchable) with the index (what is): chunks no
 * document claims are orphans (left by a crash before recover(), or by a manifest restored from elsewhere), and
 * a document whose chunks are not all there is missing some (an index restored from an older backup, a lost
 * volume). The repair deletes the orphans and indexes the incomplete documents again from their files.
 */
export class IndexVerifier {
  constructor(
    private readonly deps: {
      manifest: DocumentManifest;
      index: VectorIndex;
      embedder: Embedder;
      /** Finishes interrupted ingestions first (Ingestor.recover). */
      recover: () => Promise<RecoveryResult>;
    },
  ) {}

  /** Documents by state and chunks on both sides. */
  async counts(): Promise<IndexCounts> {
    const byState: Record<DocumentState, number> = { indexing: 0, indexed: 0, failed: 0, removing: 0 };
    let documents = 0;
    let manifestChunks = 0;
    for await (const record of this.records()) {
      documents++;
      byState[record.state]++;
      manifestChunks += record.chunkIds.length;
    }
    const collections = await this.deps.index.collections();
    const indexChunks = collections.reduce((sum, collection) => sum + collection.count, 0);
    return { documents, byState, manifestChunks, indexChunks, collections };
  }

  /** Finds orphans and missing chunks; with `repair`, deletes the first and re-indexes through `reindex`. */
  async verify(options: { repair: boolean; reindex: Reindexer }): Promise<VerifyReport> {
    const recovered = options.repair ? await this.deps.recover() : null;
    // The index is read before the manifest: a chunk written meanwhile by an ingestion is then either not seen
    // at all, or seen with its claim (staged before it is written). Read the other way round, it would look like
    // an orphan, and the repair would delete a chunk about to become current.
    const present = new Map<string, Set<string>>();
    const summaries = await this.deps.index.collections();
    for (const summary of summaries) {
      const collection = await this.deps.index.existingCollection(summary.embedderId);
      present.set(summary.embedderId, new Set(collection ? await collection.ids() : []));
    }
    const claimed = new Map<string, Set<string>>();
    const claim = (embedderId: string, ids: readonly string[]): void => {
      const set = claimed.get(embedderId) ?? new Set<string>();
      for (const id of ids) set.add(id);
      claimed.set(embedderId, set);
    };
    const withChunks: DocumentRecord[] = [];
    for await (const record of this.records()) {
      if (record.embedderId) claim(record.embedderId, record.chunkIds);
      if (record.stagedChunks) claim(record.stagedChunks.embedderId, record.stagedChunks.ids);
      for (const set of record.retiredChunks ?? []) claim(set.embedderId, set.ids);
      if (record.embedderId && record.chunkIds.length > 0) withChunks.push(record);
    }

    const orphans: { collection: CollectionSummary; ids: string[] }[] = [];
    for (const summary of summaries) {
      const owned = claimed.get(summary.embedderId) ?? new Set<string>();
      const unclaimed = [...(present.get(summary.embedderId) ?? [])].filter((id) => !owned.has(id));
      if (unclaimed.length > 0) orphans.push({ collection: summary, ids: unclaimed });
    }
    const missing: MissingChunks[] = [];
    const incomplete: DocumentRecord[] = [];
    for (const record of withChunks) {
      const there = present.get(record.embedderId ?? '');
      const count = there ? record.chunkIds.filter((id) => !there.has(id)).length : record.chunkIds.length;
      if (count > 0) {
        missing.push({ documentId: record.id, source: record.source, missing: count });
        incomplete.push(record);
      }
    }

    const report: VerifyReport = {
      repaired: options.repair,
      recovered,
      orphans: orphans.map(({ collection, ids }) => ({ collection: collection.name, count: ids.length })),
      orphansDeleted: 0,
      collectionsDropped: [],
      missing,
      reindexed: [],
      reindexFailed: [],
      consistent: orphans.length === 0 && missing.length === 0,
    };
    if (!options.repair) return report;

    for (const { collection, ids } of orphans) {
      const unused = !claimed.has(collection.embedderId) && collection.embedderId !== this.deps.embedder.id;
      if (unused && ids.length === collection.count) {
        await this.deps.index.dropCollection(collection.embedderId);
        report.collectionsDropped.push(collection.name);
      } else {
        await (await this.deps.index.existingCollection(collection.embedderId))?.delete(ids);
      }
      report.orphansDeleted += ids.length;
    }
    for (const record of incomplete) {
      try {
        await options.reindex(record);
        report.reindexed.push(record.source);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.reindexFailed.push({ documentId: record.id, source: record.source, error: message });
      }
    }
    report.consistent = report.reindexFailed.length === 0;
    return report;
  }

  private async *records(): AsyncGenerator<DocumentRecord> {
    let afterId: string | null = null;
    for (;;) {
      const page = await this.deps.manifest.listAfter(afterId, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      afterId = page[page.length - 1].id;
    }
  }
}
