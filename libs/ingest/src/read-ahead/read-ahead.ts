import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { chunkerFingerprint, type ChunkingOptions } from '../chunking/document-chunker';
import type { Embedder } from '../embedding/embedder';
import type { DocumentReader } from '../parsing/document-reader';
import { prepareDocument, preparedDocumentBytes, type PreparedDocument } from './prepared-document';

/** Where the Ingestor looks for a file already prepared; null means "prepare it yourself". */
export interface PreparedDocuments {
  /** The document prepared from exactly these bytes, chunking and embedder, taken out of the cache (used once). */
  take(source: string, sha256: string, chunking: ChunkingOptions): Promise<PreparedDocument | null>;
}

export interface ReadAheadOptions {
  reader: DocumentReader;
  embedder: Embedder;
  /** Files of a hint prepared ahead of the furthest one a run has taken; 0 turns the read-ahead off. */
  files: number;
  /** Bytes of prepared documents kept at most (estimated: preparedDocumentBytes). */
  maxBytes: number;
  /** Larger files are left to their own run: their parse is small beside their writes, and costs memory. */
  maxFileBytes: number;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
}

/**
 * An entry untaken this long is dropped: its run went to another worker process or never came (longer than a
 * batch's children take to reach a file a window ahead, however loaded the machine).
 */
const ENTRY_MAX_AGE_MS = 5 * 60 * 1000;

/** A file a batch is about to ingest: where it is, and the source its run records it under. */
export interface HintedFile {
  path: string;
  source: string;
}

/** What the read-ahead did: for tests, and for whoever wonders whether it pays. */
export interface ReadAheadStats {
  prepared: number;
  hits: number;
  /** Taken with other bytes, chunking or embedder than prepared (the file changed): dropped. */
  stale: number;
  /** Dropped unused: evicted for room, passed by the runs (another process took the file), or too large. */
  dropped: number;
  /** Preparations that failed (a refused file, a vanished one): the run meets the same failure and records it. */
  failed: number;
  /** The last failure's message. */
  lastFailure: string | null;
}

interface Hint {
  files: readonly HintedFile[];
  chunking: ChunkingOptions;
  positions: Map<string, number>;
  /** The sources runs have taken (hit or miss): never prepared afterwards. */
  taken: Set<string>;
  /** One past the furthest position taken: the window is counted from there. */
  reach: number;
  /** The next position to consider preparing. */
  next: number;
}

interface Entry {
  hint: Hint;
  position: number;
  sha256: string;
  fingerprint: string;
  embedderId: string;
  document: PreparedDocument;
  bytes: number;
  preparedAt: number;
}

/**
 * Prepares (reads, parses, chunks, embeds; never writes) the next files of a batch while the files being ingested
 * wait for their Chroma write, so that each run finds its file ready when it starts and its chunks join the next
 * write request without the parse in between. A batch hints its files in the order its child runs start; the
 * read-ahead works one file at a time (one more file in preparation per process, whatever the batch's
 * concurrency), at most `files` ahead of the furthest file a run has taken, within `maxBytes`.
 *
 * It is only a cache of work that depends on the bytes alone: an entry is used when the run's own read of the file
 * has the same SHA-256, chunking and embedder, and dropped otherwise. A run in another worker process, a file
 * changed meanwhile, an entry evicted: each is a miss, and the run prepares its file itself as it always did. The
 * manifest and Chroma are only ever written by the runs.
 */
export class ReadAhead implements PreparedDocuments {
  private readonly hints: Hint[] = [];
  /** By source: a source is in at most one batch at a time (a second hint of it replaces the entry). */
  private readonly entries = new Map<string, Entry>();
  private keptBytes = 0;
  /** The size of the last file prepared: what the next one is expected to need. */
  private lastEntryBytes = 0;
  private preparing: { source: string; done: Promise<void> } | null = null;
  private pumping: Promise<void> | null = null;
  private closed = false;
  private readonly counts: ReadAheadStats = {
    prepared: 0,
    hits: 0,
    stale: 0,
    dropped: 0,
    failed: 0,
    lastFailure: null,
  };

  private readonly now: () => number;

  constructor(private readonly options: ReadAheadOptions) {
    this.now = options.now ?? Date.now;
  }

  get stats(): Readonly<ReadAheadStats> {
    return { ...this.counts };
  }

  /** Bytes the prepared documents hold now (estimated). */
  get bytesKept(): number {
    return this.keptBytes;
  }

  /** Resolves once nothing is being prepared (every file within the windows is prepared or failed). */
  async whenIdle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** The files a batch will ingest, in the order its runs will start. */
  hint(files: readonly HintedFile[], chunking: ChunkingOptions): void {
    if (this.options.files === 0 || this.closed || files.length === 0) return;
    this.hints.push({
      files,
      chunking,
      positions: new Map(files.map((file, position) => [file.source, position])),
      taken: new Set(),
      reach: 0,
      next: 0,
    });
    this.wake();
  }

  async take(source: string, sha256: string, chunking: ChunkingOptions): Promise<PreparedDocument | null> {
    for (const hint of this.hints) {
      const position = hint.positions.get(source);
      if (position === undefined) continue;
      hint.taken.add(source);
      hint.reach = Math.max(hint.reach, position + 1);
    }
    this.dropPassed();
    if (this.preparing?.source === source) await this.preparing.done;
    const entry = this.entries.get(source);
    if (entry) this.remove(source, entry);
    // After the removal: the room it frees may let the next file be prepared.
    this.wake();
    if (!entry) return null;
    if (
      entry.sha256 !== sha256 ||
      entry.fingerprint !== chunkerFingerprint(chunking) ||
      entry.embedderId !== this.options.embedder.id
    ) {
      this.counts.stale++;
      return null;
    }
    this.counts.hits++;
    return entry.document;
  }

  /** Stops preparing and forgets everything; resolves once the preparation under way (if any) has ended. */
  async close(): Promise<void> {
    this.closed = true;
    this.hints.length = 0;
    await this.pumping;
    for (const [source, entry] of this.entries) this.remove(source, entry);
  }

  /** Starts the preparing loop unless it runs. It settles every file itself and never rejects: it is handed off. */
  private wake(): void {
    if (this.pumping || this.closed) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
  }

  private async pump(): Promise<void> {
    for (let job = this.nextJob(); job && !this.closed; job = this.nextJob()) {
      const { hint, position } = job;
      const file = hint.files[position];
      const done = this.prepare(hint, position, file);
      this.preparing = { source: file.source, done };
      await done;
      this.preparing = null;
    }
  }

  /**
   * The first file of a hint that is within its window, not taken yet, and not prepared. A hint goes once all its
   * files are prepared or taken and none of its entries is left.
   */
  private nextJob(): { hint: Hint; position: number } | null {
    for (const hint of [...this.hints]) {
      while (hint.next < hint.files.length && hint.taken.has(hint.files[hint.next].source)) hint.next++;
      if (hint.next >= hint.files.length) {
        if (![...this.entries.values()].some((entry) => entry.hint === hint)) {
          this.hints.splice(this.hints.indexOf(hint), 1);
        }
        continue;
      }
      // Not started without room for a file like the last one: a file prepared only to be dropped is wasted work.
      const room = this.keptBytes + this.lastEntryBytes <= this.options.maxBytes;
      if (room && hint.next < hint.reach + this.options.files) {
        return { hint, position: hint.next++ };
      }
    }
    return null;
  }

  private async prepare(hint: Hint, position: number, file: HintedFile): Promise<void> {
    try {
      const { size } = await stat(file.path);
      if (size > this.options.maxFileBytes) return;
      this.options.reader.check(file.source, size);
      const bytes = await readFile(file.path);
      const document = await prepareDocument(this.options, bytes, file.source, hint.chunking);
      this.counts.prepared++;
      this.keep(file.source, {
        hint,
        position,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        fingerprint: chunkerFingerprint(hint.chunking),
        embedderId: this.options.embedder.id,
        document,
        bytes: preparedDocumentBytes(document),
        preparedAt: this.now(),
      });
    } catch (error) {
      // Not swallowed: the run of this file meets the same failure when it prepares the file itself, and records
      // it in the manifest with its reason. Here it only means there is nothing to hand that run.
      this.counts.failed++;
      this.counts.lastFailure = error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * Keeps `entry` if it fits. When it does not, it is the one dropped: the entries kept are nearer their runs (a
   * window is prepared in order), so worth more.
   */
  private keep(source: string, entry: Entry): void {
    const previous = this.entries.get(source);
    if (previous) this.remove(source, previous);
    this.lastEntryBytes = entry.bytes;
    if (this.keptBytes + entry.bytes > this.options.maxBytes || this.closed) {
      this.counts.dropped++;
      return;
    }
    this.entries.set(source, entry);
    this.keptBytes += entry.bytes;
  }

  /**
   * Drops the entries left too long: another worker process ran those files (or their runs failed before reading
   * them), and nothing here will ask for them. Not the entries the runs have gone past: the runs of a batch do not
   * start in the order the batch started them (the engine's waiting runs retry for their slot), and an entry
   * dropped that way was taken a moment later, a file prepared twice (2 of 4 in a 6-file batch, one at a time).
   */
  private dropPassed(): void {
    const tooOld = this.now() - ENTRY_MAX_AGE_MS;
    for (const [source, entry] of this.entries) {
      if (entry.preparedAt < tooOld) {
        this.remove(source, entry);
        this.counts.dropped++;
      }
    }
  }

  private remove(source: string, entry: Entry): void {
    if (this.entries.get(source) !== entry) return;
    this.entries.delete(source);
    this.keptBytes -= entry.bytes;
  }
}
