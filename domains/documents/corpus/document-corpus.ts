import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import {
  ChunkSearch,
  createDocumentReader,
  createEmbedder,
  IndexVerifier,
  Ingestor,
  MistralAnswerer,
  ReadAhead,
  type ChunkingOptions,
  type DocumentReader,
  type Embedder,
  type VectorIndex,
} from '@relais/ingest';
import { TypeormDocumentManifest } from '@relais/ingest/manifest';
import { documentsSettingsOf, INGEST_VARIABLES, type DocumentsSettings } from '../settings/documents.settings';

/** Longer than documents.ingest-file's timeout (10 min): a record untouched this long has no live ingestion. */
const RECOVERY_IDLE_MS = 15 * 60 * 1000;

/**
 * What the read-ahead keeps at most. A prepared file of the usual 2–25 KB of text holds about 100 KB (its text, 16
 * chunks, 16 vectors of 512 numbers): 16 MB is a hundred of them, far over the window, and a small share of the
 * worker's 256 MB heap. Files over 1 MB are left to their runs (a parse of megabytes ahead would double the
 * memory of the one being ingested).
 */
const READ_AHEAD_MAX_BYTES = 16 * 1024 * 1024;
const READ_AHEAD_MAX_FILE_BYTES = 1024 * 1024;

/** Injection token of the vector index the corpus writes to (a test wraps it to count Chroma calls). */
export const DOCUMENTS_VECTOR_INDEX = Symbol('DOCUMENTS_VECTOR_INDEX');

/**
 * The documents domain's corpus: the files' manifest, the vector index in Chroma, the embedder the settings
 * choose, and what works on them (ingestion, search, verification, answers). One per process, shared by the
 * worker's flows and the gateway's routes; it owns the PDF extraction threads and ends them at shutdown.
 */
@Injectable()
export class DocumentCorpus implements OnApplicationShutdown {
  readonly settings: DocumentsSettings;
  readonly embedder: Embedder;
  readonly reader: DocumentReader;
  readonly ingestor: Ingestor;
  /** Prepares a batch's next files while the current ones are written (see ReadAhead). */
  readonly readAhead: ReadAhead;
  readonly search: ChunkSearch;
  readonly verifier: IndexVerifier;
  /** Null without MISTRAL_API_KEY: questions get passages but no written answer. */
  readonly answerer: MistralAnswerer | null;
  private readonly closeReader: () => Promise<void>;

  constructor(
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
    @Inject(DOCUMENTS_VECTOR_INDEX) readonly index: VectorIndex,
    readonly manifest: TypeormDocumentManifest,
  ) {
    this.settings = documentsSettingsOf(config);
    this.embedder = createEmbedder(this.settings.embedder);
    const owned = createDocumentReader(this.settings.ingest, INGEST_VARIABLES);
    this.reader = owned.reader;
    this.closeReader = () => owned.close();
    this.readAhead = new ReadAhead({
      reader: this.reader,
      embedder: this.embedder,
      files: this.settings.readAhead,
      maxBytes: READ_AHEAD_MAX_BYTES,
      maxFileBytes: READ_AHEAD_MAX_FILE_BYTES,
    });
    this.ingestor = new Ingestor({
      reader: this.reader,
      embedder: this.embedder,
      index,
      manifest,
      chunking: this.chunking(),
      prepared: this.readAhead,
    });
    this.search = new ChunkSearch(this.embedder, index);
    this.verifier = new IndexVerifier({
      manifest,
      index,
      embedder: this.embedder,
      // Ingestions may run meanwhile: only what no ingestion has touched for longer than one may last.
      recover: () => this.ingestor.recover({ idleForMs: RECOVERY_IDLE_MS }),
    });
    const mistral = this.settings.mistral;
    this.answerer = mistral
      ? new MistralAnswerer({ apiKey: mistral.apiKey, serverUrl: mistral.serverUrl, model: mistral.chatModel })
      : null;
  }

  /** A run's chunking: its own chunk_size and chunk_overlap where given, the settings' otherwise. */
  chunking(params: { chunk_size?: number; chunk_overlap?: number } = {}): ChunkingOptions {
    return {
      chunkSize: params.chunk_size ?? this.settings.ingest.chunkSize,
      chunkOverlap: params.chunk_overlap ?? this.settings.ingest.chunkOverlap,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // The read-ahead parses with the reader's PDF threads: it stops first.
    await this.readAhead.close();
    await this.closeReader();
  }
}
