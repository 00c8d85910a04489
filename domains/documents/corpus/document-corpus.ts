import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import {
  ChunkSearch,
  createDocumentReader,
  createEmbedder,
  IndexVerifier,
  Ingestor,
  MistralAnswerer,
  type ChunkingOptions,
  type DocumentReader,
  type Embedder,
  type VectorIndex,
} from '@relais/ingest';
import { TypeormDocumentManifest } from '@relais/ingest/manifest';
import { documentsSettingsOf, type DocumentsSettings } from '../settings/documents.settings';

/** Longer than documents.ingest-file's timeout (10 min): a record untouched this long has no live ingestion. */
const RECOVERY_IDLE_MS = 15 * 60 * 1000;

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
    const owned = createDocumentReader(this.settings.ingest);
    this.reader = owned.reader;
    this.closeReader = () => owned.close();
    this.ingestor = new Ingestor({
      reader: this.reader,
      embedder: this.embedder,
      index,
      manifest,
      chunking: this.chunking(),
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
    await this.closeReader();
  }
}
