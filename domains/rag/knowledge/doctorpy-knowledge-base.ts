import { Inject, Injectable } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import {
  ChunkSearch,
  createEmbedder,
  MistralAnswerer,
  type ChunkCollection,
  type Embedder,
  type VectorIndex,
} from '@relais/ingest';
import { DocsCrawler } from '../crawler/docs-crawler';
import { TypeormPageManifest } from '../persistence/typeorm-page-manifest';
import { ragSettingsOf, type RagSettings } from '../settings/rag.settings';
import { KnowledgeBaseGates } from './knowledge-base.gates';
import { KnowledgeBaseIndexer } from './knowledge-base.indexer';

/** Injection token of the vector index the knowledge base writes to (a test wraps it to count Chroma calls). */
export const RAG_VECTOR_INDEX = Symbol('RAG_VECTOR_INDEX');

/**
 * DoctorPy's knowledge base as its settings describe it: the page manifest (a table), the Chroma collection of
 * the configured embedder, and what works on them (crawler, indexer, gates, search, Mistral's answers). One per
 * process, shared by the worker's flow and the gateway's routes.
 */
@Injectable()
export class DoctorPyKnowledgeBase {
  readonly settings: RagSettings;
  readonly embedder: Embedder;
  readonly search: ChunkSearch;
  /** Null without MISTRAL_API_KEY: questions get passages but no written answer. */
  readonly answerer: MistralAnswerer | null;

  constructor(
    @Inject(RELAIS_CONFIG) config: RelaisConfig,
    @Inject(RAG_VECTOR_INDEX) readonly index: VectorIndex,
    readonly manifest: TypeormPageManifest,
  ) {
    this.settings = ragSettingsOf(config);
    this.embedder = createEmbedder(this.settings.embedder);
    this.search = new ChunkSearch(this.embedder, index);
    const mistral = this.settings.mistral;
    this.answerer = mistral
      ? new MistralAnswerer({ apiKey: mistral.apiKey, serverUrl: mistral.serverUrl, model: mistral.chatModel })
      : null;
  }

  /** The Chroma collection's name (`doctorpy_docs-<embedder id>`). */
  get collectionName(): string {
    return `${this.settings.collectionPrefix}-${this.embedder.id}`;
  }

  /** The collection of the configured embedder, created when missing. */
  collection(): Promise<ChunkCollection> {
    return this.index.collection(this.embedder.id, this.embedder.dimensions);
  }

  /** An indexer over a fresh crawler (a crawler reads robots.txt once: one per update). */
  async indexer(): Promise<KnowledgeBaseIndexer> {
    return new KnowledgeBaseIndexer(
      new DocsCrawler(this.settings.crawler),
      this.manifest,
      await this.collection(),
      this.embedder,
      this.settings.chunking,
    );
  }

  async gates(): Promise<KnowledgeBaseGates> {
    return new KnowledgeBaseGates(this.manifest, await this.collection(), this.embedder);
  }
}
