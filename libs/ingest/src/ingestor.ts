import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { chunkerFingerprint, type ChunkingOptions } from './chunking/document-chunker';
import type { DocumentType } from './chunking/document-type';
import type { Embedder } from './embedding/embedder';
import { DocumentRejected, EmbeddingFailed, VectorIndexError } from './ingest.errors';
import type { ChunkCollection, IndexedChunk, VectorIndex } from './index/vector-index';
import type { ChunkSet, DocumentManifest, DocumentRecord } from './manifest/document-record';
import { sourceKeyOf } from './manifest/source-key';
import type { DocumentReader } from './parsing/document-reader';
import type { DocumentFormat, EncodingDecision } from './parsing/parsed-document';
import { CHUNKS_PER_WRITE, prepareDocument } from './read-ahead/prepared-document';
import type { PreparedDocuments } from './read-ahead/read-ahead';

/** What the Ingestor works with: each one behind its interface, so that a test can observe or swap it. */
export interface IngestorDependencies {
  reader: DocumentReader;
  embedder: Embedder;
  index: VectorIndex;
  manifest: DocumentManifest;
  /** Default chunk size and overlap; a call may override them. */
  chunking: ChunkingOptions;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
  /** Files already parsed, chunked and embedded ahead of their ingestion (a ReadAhead); a miss prepares the file. */
  prepared?: PreparedDocuments;
}

/** Why a document was (re-)indexed. */
export type IndexReason = 'new' | 'content-changed' | 'chunker-changed' | 'embedder-changed' | 'retry';

/** The outcome of ingesting one file that could be ingested (a refused file throws DocumentRejected). */
export type IngestResult =
  | {
      status: 'unchanged';
      documentId: string;
      source: string;
      sha256: string;
      chunkCount: number;
    }
  | {
      status: 'indexed';
      reason: IndexReason;
      documentId: string;
      source: string;
      sha256: string;
      sizeBytes: number;
      format: DocumentFormat;
      documentType: DocumentType;
      encoding?: EncodingDecision;
      pageCount?: number;
      chunkCount: number;
      /** Chunks of the previous version deleted after the new ones were written. */
      replacedChunks: number;
      warnings: string[];
    };

/** A file a batch may ingest: where it is, and the source it is recorded under. */
export interface FileToIngest {
  path: string;
  source: string;
}

/**
 * What a batch should do with one file, decided before any file is parsed:
 * - `unchanged`: current in the manifest (same bytes, chunker and embedder): nothing to do, no index call;
 * - `rejected`: refused before for its content (corrupt, empty, encrypted) and still the same bytes, or refused
 *   for its size by the current bounds: the same refusal again, without running it;
 * - `ingest`: new, changed, or to finish (a failed or interrupted ingestion, chunks of an old version to delete).
 */
export type TriageDecision =
  | { file: FileToIngest; status: 'unchanged'; documentId: string; chunkCount: number }
  | { file: FileToIngest; status: 'rejected'; documentId: string | null; errorCode: string; errorMessage: string }
  | { file: FileToIngest; status: 'ingest' };

/** Rejections that depend on the bytes alone: the same bytes would be refused again. */
const CONTENT_REJECTIONS = new Set<string>(['corrupt', 'empty', 'encrypted']);

export { CHUNKS_PER_WRITE } from './read-ahead/prepared-document';

/** Files hashed at once during a triage: enough to keep the disk busy, few enough to bound memory (10 MB each). */
const TRIAGE_READS_IN_FLIGHT = 16;

/** What removing a document did. */
export interface RemoveResult {
  removed: boolean;
  chunksDeleted: number;
}

/** What recover() finished. */
export interface RecoveryResult {
  documents: number;
  orphanChunksDeleted: number;
  retiredChunksDeleted: number;
  removalsFinished: number;
}

/**
 * Parse → chunk → embed → index for one file, incremental and crash-safe through the manifest:
 * - an unchanged file (same SHA-256, chunker fingerprint and embedder) costs one hash and no index call;
 * - a changed file's new chunks are written first (recorded as staged), the manifest then makes them current
 *   and records the old ones as retired, and only then are the old ones deleted: a crash at any point leaves
 *   the document searchable (LlamaIndex #22639 deleted first and lost documents when the insert failed);
 * - what a crash leaves (staged orphans, retired chunks, a half-done removal) is finished by recover(), or by
 *   the next ingestion of the same file.
 */
export class Ingestor {
  private readonly now: () => number;

  constructor(private readonly deps: IngestorDependencies) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Ingests the file at `path`, recorded under `source` (default: the path). Throws DocumentRejected (not
   * retryable) for a file that cannot be indexed, EmbeddingFailed or VectorIndexError (retryable) when a
   * service fails; either way the manifest records the failure and earlier chunks stay searchable.
   */
  async ingestFile(
    path: string,
    options: {
      source?: string;
      chunking?: ChunkingOptions;
      /** Index again even when the manifest says the file is current (its chunks went missing from the index). */
      force?: boolean;
    } = {},
  ): Promise<IngestResult> {
    const source = options.source ?? path;
    const chunking = options.chunking ?? this.deps.chunking;
    const existing = await this.deps.manifest.findBySource(source);
    const { size } = await stat(path);
    let sha256: string | null = null;
    try {
      this.deps.reader.check(source, size);
      const bytes = await readFile(path);
      sha256 = sha256Of(bytes);
      if (!options.force && existing && this.isCurrent(existing, sha256, chunkerFingerprint(chunking))) {
        if (existing.retiredChunks) await this.deleteRetired(existing);
        return { status: 'unchanged', documentId: existing.id, source, sha256, chunkCount: existing.chunkCount };
      }
      return await this.index(source, bytes, sha256, chunking, existing);
    } catch (error) {
      await this.recordFailure(source, size, sha256, error, existing);
      throw error;
    }
  }

  /**
   * Decides, for many files at once, which ones need ingesting (see TriageDecision): one hash per file and one
   * manifest query per 500 files, no parsing and no index call. What a re-run of an unchanged folder costs.
   */
  async triage(
    files: readonly FileToIngest[],
    chunking: ChunkingOptions = this.deps.chunking,
  ): Promise<TriageDecision[]> {
    const records = new Map(
      (await this.deps.manifest.findBySources(files.map((file) => file.source))).map((record) => [
        record.source,
        record,
      ]),
    );
    const fingerprint = chunkerFingerprint(chunking);
    const decisions = new Array<TriageDecision>(files.length);
    let next = 0;
    const work = async (): Promise<void> => {
      for (let position = next++; position < files.length; position = next++) {
        decisions[position] = await this.triageOne(files[position], records.get(files[position].source), fingerprint);
      }
    };
    await Promise.all(Array.from({ length: Math.min(TRIAGE_READS_IN_FLIGHT, files.length) }, work));
    return decisions;
  }

  /** Deletes the document recorded under `source` and its chunks; removed=false when there is none. */
  async removeSource(source: string): Promise<RemoveResult> {
    const record = await this.deps.manifest.findBySource(source);
    return record ? this.remove(record) : { removed: false, chunksDeleted: 0 };
  }

  /** Deletes the document with manifest id `id` and its chunks; removed=false when there is none. */
  async removeDocument(id: string): Promise<RemoveResult> {
    const record = await this.deps.manifest.findById(id);
    return record ? this.remove(record) : { removed: false, chunksDeleted: 0 };
  }

  /**
   * Finishes what interrupted ingestions and removals left: orphan staged chunks, retired chunks, removals.
   * `idleForMs`: only records untouched that long, when ingestions may be running meanwhile (a live one touches its
   * record as it goes; its staged chunks must not be taken for a crash's orphans).
   */
  async recover(options: { idleForMs?: number } = {}): Promise<RecoveryResult> {
    const result: RecoveryResult = {
      documents: 0,
      orphanChunksDeleted: 0,
      retiredChunksDeleted: 0,
      removalsFinished: 0,
    };
    const touchedBefore = this.now() - (options.idleForMs ?? 0);
    for (const record of await this.deps.manifest.listUnfinished()) {
      if (record.updatedAt > touchedBefore) continue;
      result.documents++;
      if (record.state === 'removing') {
        await this.remove(record);
        result.removalsFinished++;
        continue;
      }
      if (record.retiredChunks) result.retiredChunksDeleted += await this.deleteRetired(record);
      if (record.stagedChunks) {
        // Staged chunks never became current: whatever of them was written is an orphan.
        const current = new Set(record.chunkIds);
        const orphans = record.stagedChunks.ids.filter((id) => !current.has(id));
        await this.deleteChunks({ embedderId: record.stagedChunks.embedderId, ids: orphans });
        result.orphanChunksDeleted += orphans.length;
        const interrupted = record.state === 'indexing';
        await this.deps.manifest.save({
          ...record,
          retiredChunks: null,
          stagedChunks: null,
          state: interrupted ? (record.chunkIds.length > 0 ? 'indexed' : 'failed') : record.state,
          errorCode: interrupted && record.chunkIds.length === 0 ? 'interrupted' : record.errorCode,
          errorMessage:
            interrupted && record.chunkIds.length === 0
              ? 'ingestion was interrupted; ingest the file again'
              : record.errorMessage,
          updatedAt: this.now(),
        });
      }
    }
    return result;
  }

  private async triageOne(
    file: FileToIngest,
    record: DocumentRecord | undefined,
    fingerprint: string,
  ): Promise<TriageDecision> {
    const size = await stat(file.path).then(
      (stats) => stats.size,
      () => null,
    );
    // Gone since it was listed: its own ingestion says so.
    if (size === null) return { file, status: 'ingest' };
    try {
      this.deps.reader.check(file.source, size);
    } catch (error) {
      if (!(error instanceof DocumentRejected)) throw error;
      // The same refusal as last time is not worth a run; a new one is recorded by ingesting.
      return record?.state === 'failed' && record.errorCode === error.reason && record.sizeBytes === size
        ? { file, status: 'rejected', documentId: record.id, errorCode: error.reason, errorMessage: error.message }
        : { file, status: 'ingest' };
    }
    if (!record) return { file, status: 'ingest' };
    const sha256 = sha256Of(await readFile(file.path));
    if (this.isCurrent(record, sha256, fingerprint) && !record.retiredChunks) {
      return { file, status: 'unchanged', documentId: record.id, chunkCount: record.chunkCount };
    }
    if (record.state === 'failed' && record.sha256 === sha256 && CONTENT_REJECTIONS.has(record.errorCode ?? '')) {
      return {
        file,
        status: 'rejected',
        documentId: record.id,
        errorCode: record.errorCode ?? 'error',
        errorMessage: record.errorMessage ?? 'refused',
      };
    }
    return { file, status: 'ingest' };
  }

  /** The record's chunks stand for these bytes, cut by this chunker and embedded by this embedder. */
  private isCurrent(record: DocumentRecord, sha256: string, fingerprint: string): boolean {
    return (
      record.state === 'indexed' &&
      record.sha256 === sha256 &&
      record.chunkerVersion === fingerprint &&
      record.embedderId === this.deps.embedder.id &&
      !record.stagedChunks
    );
  }

  /**
   * Indexes one file. The index hears first that its chunks are on their way: the files ingested at once then
   * share write requests (ChromaIndex's group commit waits a little for them) instead of leaving one by one.
   */
  private async index(
    source: string,
    bytes: Buffer,
    sha256: string,
    chunking: ChunkingOptions,
    existing: DocumentRecord | null,
  ): Promise<IngestResult> {
    const upsertArrived = this.deps.index.expectUpsert?.(this.deps.embedder.id) ?? (() => undefined);
    try {
      return await this.indexAnnounced(source, bytes, sha256, chunking, existing, upsertArrived);
    } finally {
      upsertArrived();
    }
  }

  private async indexAnnounced(
    source: string,
    bytes: Buffer,
    sha256: string,
    chunking: ChunkingOptions,
    existing: DocumentRecord | null,
    upsertArrived: () => void,
  ): Promise<IngestResult> {
    const { embedder, manifest } = this.deps;
    // The first slice is embedded before anything is recorded: a provider refusing it leaves nothing staged.
    const prepared =
      (await this.deps.prepared?.take(source, sha256, chunking)) ??
      (await prepareDocument(this.deps, bytes, source, chunking));
    const { chunks } = prepared;
    const slices = Array.from({ length: Math.ceil(chunks.length / CHUNKS_PER_WRITE) }, (_, slice) =>
      chunks.slice(slice * CHUNKS_PER_WRITE, (slice + 1) * CHUNKS_PER_WRITE),
    );
    let embeddings = prepared.firstEmbeddings;
    const documentId = existing?.id ?? randomUUID();
    const fingerprint = chunkerFingerprint(chunking);
    const generation = createHash('sha256')
      .update(`${sha256}|${fingerprint}|${embedder.id}`)
      .digest('hex')
      .slice(0, 12);
    const { documentType } = prepared;
    const toIndexed = (chunk: (typeof chunks)[number], embedding: number[]): IndexedChunk => ({
      id: `${documentId}:${generation}:${chunk.index}`,
      text: chunk.text,
      embedding,
      metadata: {
        documentId,
        source,
        format: prepared.format,
        documentType,
        chunkIndex: chunk.index,
        chunkTotal: chunk.total,
        charStart: chunk.start,
        charEnd: chunk.end,
        keywords: chunk.keywords.join(', '),
        page: chunk.page,
        pageEnd: chunk.pageEnd,
      },
    });
    const ids = chunks.map((chunk) => `${documentId}:${generation}:${chunk.index}`);
    const now = this.now();
    const base: DocumentRecord = existing ?? {
      id: documentId,
      source,
      sourceKey: sourceKeyOf(source),
      sha256: null,
      sizeBytes: bytes.length,
      format: prepared.format,
      documentType,
      encoding: null,
      chunkerVersion: null,
      embedderId: null,
      chunkIds: [],
      chunkCount: 0,
      stagedChunks: null,
      retiredChunks: null,
      state: 'indexing',
      errorCode: null,
      errorMessage: null,
      createdAt: now,
      updatedAt: now,
      indexedAt: null,
    };
    // 1. Say what is about to be written, so that a crash mid-write leaves findable orphans, not lost ones.
    await manifest.save({
      ...base,
      state: 'indexing',
      stagedChunks: { embedderId: embedder.id, ids },
      updatedAt: now,
    });
    // 2. Write the new chunks, a slice at a time; the old ones still answer queries meanwhile.
    const collection = await this.deps.index.collection(embedder.id, embedder.dimensions);
    upsertArrived();
    for (const [position, slice] of slices.entries()) {
      if (position > 0) embeddings = await embedder.embed(slice.map((chunk) => chunk.text));
      await collection.upsert(slice.map((chunk, offset) => toIndexed(chunk, embeddings[offset])));
    }
    // 3. Make them current, and record what is left to delete: everything of the previous version not rewritten.
    const newIds = new Set(ids);
    const previous = [
      ...(existing?.embedderId ? [{ embedderId: existing.embedderId, ids: existing.chunkIds }] : []),
      ...(existing?.stagedChunks ? [existing.stagedChunks] : []),
      ...(existing?.retiredChunks ?? []),
    ];
    const retired = retiredSet(previous, embedder.id, newIds);
    const current: DocumentRecord = {
      ...base,
      sha256,
      sizeBytes: bytes.length,
      format: prepared.format,
      documentType,
      encoding: prepared.encoding?.encoding ?? null,
      chunkerVersion: fingerprint,
      embedderId: embedder.id,
      chunkIds: ids,
      chunkCount: ids.length,
      stagedChunks: null,
      retiredChunks: retired.length > 0 ? retired : null,
      state: 'indexed',
      errorCode: null,
      errorMessage: null,
      updatedAt: this.now(),
      indexedAt: this.now(),
    };
    await manifest.save(current);
    // 4. Only now delete the old chunks. The new version is current whatever happens here: a failure leaves the
    // retired chunks recorded, for recover() or the next ingestion of the file, and is reported as a warning.
    let replacedChunks = 0;
    const warnings = [...prepared.warnings];
    try {
      for (const set of retired) replacedChunks += await this.deleteChunks(set, collection);
      if (retired.length > 0) await manifest.save({ ...current, retiredChunks: null, updatedAt: this.now() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      warnings.push(`chunks of the previous version are not deleted yet (${message}); recover() deletes them`);
    }
    return {
      status: 'indexed',
      reason: reasonOf(existing, sha256, fingerprint, embedder.id),
      documentId,
      source,
      sha256,
      sizeBytes: bytes.length,
      format: prepared.format,
      documentType,
      encoding: prepared.encoding,
      pageCount: prepared.pageCount,
      chunkCount: ids.length,
      replacedChunks,
      warnings,
    };
  }

  private async remove(record: DocumentRecord): Promise<RemoveResult> {
    await this.deps.manifest.save({ ...record, state: 'removing', updatedAt: this.now() });
    let chunksDeleted = 0;
    const sets = [
      ...(record.embedderId ? [{ embedderId: record.embedderId, ids: record.chunkIds }] : []),
      ...(record.stagedChunks ? [record.stagedChunks] : []),
      ...(record.retiredChunks ?? []),
    ];
    for (const set of sets) chunksDeleted += await this.deleteChunks(set);
    await this.deps.manifest.delete(record.id);
    return { removed: true, chunksDeleted };
  }

  private async deleteRetired(record: DocumentRecord): Promise<number> {
    if (!record.retiredChunks) return 0;
    let deleted = 0;
    for (const set of record.retiredChunks) deleted += await this.deleteChunks(set);
    await this.deps.manifest.save({ ...record, retiredChunks: null, updatedAt: this.now() });
    return deleted;
  }

  /** Deletes `set` from its embedder's collection (`known` when it is already open); returns how many ids. */
  private async deleteChunks(set: ChunkSet, known?: ChunkCollection): Promise<number> {
    if (set.ids.length === 0) return 0;
    const collection =
      known && set.embedderId === this.deps.embedder.id
        ? known
        : await this.deps.index.existingCollection(set.embedderId);
    await collection?.delete(set.ids);
    return set.ids.length;
  }

  private async recordFailure(
    source: string,
    sizeBytes: number,
    sha256: string | null,
    error: unknown,
    existing: DocumentRecord | null,
  ): Promise<void> {
    // Re-read: the failure may come after the manifest recorded staged chunks.
    const latest = (await this.deps.manifest.findBySource(source)) ?? existing;
    const now = this.now();
    const message = error instanceof Error ? error.message : String(error);
    await this.deps.manifest.save({
      ...(latest ?? {
        id: randomUUID(),
        source,
        sourceKey: sourceKeyOf(source),
        format: null,
        documentType: null,
        encoding: null,
        chunkerVersion: null,
        embedderId: null,
        chunkIds: [],
        chunkCount: 0,
        stagedChunks: null,
        retiredChunks: null,
        createdAt: now,
        indexedAt: null,
      }),
      // A version already indexed keeps its hash with its chunks: they are what the index holds.
      sha256: latest && latest.chunkIds.length > 0 ? latest.sha256 : sha256,
      sizeBytes,
      state: 'failed',
      errorCode: errorCodeOf(error),
      errorMessage: message.slice(0, 2000),
      updatedAt: now,
    });
  }
}

/** The previous chunk sets minus what was just rewritten, merged per embedder. */
function retiredSet(previous: ChunkSet[], currentEmbedderId: string, rewritten: Set<string>): ChunkSet[] {
  const byEmbedder = new Map<string, Set<string>>();
  for (const set of previous) {
    const ids = byEmbedder.get(set.embedderId) ?? new Set<string>();
    for (const id of set.ids) if (set.embedderId !== currentEmbedderId || !rewritten.has(id)) ids.add(id);
    byEmbedder.set(set.embedderId, ids);
  }
  return [...byEmbedder.entries()]
    .filter(([, ids]) => ids.size > 0)
    .map(([embedderId, ids]) => ({ embedderId, ids: [...ids] }));
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function reasonOf(
  existing: DocumentRecord | null,
  sha256: string,
  fingerprint: string,
  embedderId: string,
): IndexReason {
  if (!existing?.sha256 || existing.chunkIds.length === 0) return existing ? 'retry' : 'new';
  if (existing.sha256 !== sha256) return 'content-changed';
  if (existing.embedderId !== embedderId) return 'embedder-changed';
  if (existing.chunkerVersion !== fingerprint) return 'chunker-changed';
  return 'retry';
}

function errorCodeOf(error: unknown): string {
  if (error instanceof DocumentRejected) return error.reason;
  if (error instanceof EmbeddingFailed) return 'embedding_failed';
  if (error instanceof VectorIndexError) return 'index_failed';
  return 'error';
}
