import { resolve } from 'node:path';
import { ConfigError } from '@relais/config';
import { domainSettingsOf, type ConfigWithDomains, type DomainSettings } from '@relais/domain-kit';
import { mistralSettingsOf, type EmbedderSettings, type MistralSettings } from '@relais/ingest';
import type { DocsCrawlerOptions } from '../crawler/docs-crawler';
import { DEFAULT_RAG_PAGES } from './default-pages';
import { RagEnvironment } from './rag.environment';

/** The RAG (DoctorPy) domain's validated settings. */
export interface RagSettings {
  /** How the crawler reaches the documentation (base URL, politeness, limits). */
  crawler: DocsCrawlerOptions;
  /** The pages of the knowledge base, paths under the base URL, in crawl order. */
  pages: string[];
  /** The Chroma server: the platform's CHROMA_URL, else Chroma's default address on this machine. */
  chromaUrl: string;
  /** Collections are `<prefix>-<embedder id>` (SPEC: doctorpy_docs). */
  collectionPrefix: string;
  embedder: EmbedderSettings;
  chunking: { chunkSize: number; chunkOverlap: number };
  /** The validation gates' thresholds (a run may raise or lower the first two). */
  gates: { minPages: number; minChunks: number; topK: number };
  /** Null without MISTRAL_API_KEY: questions get passages but no written answer. */
  mistral: MistralSettings | null;
  dataDir: string;
}

/** Chroma's own default address (`chroma run`), used when CHROMA_URL is unset. */
const DEFAULT_CHROMA_URL = 'http://127.0.0.1:8000';

/** How the RAG domain reads, types and redacts its environment. */
export const RAG_SETTINGS: DomainSettings<RagSettings> = {
  environment: RagEnvironment,
  load(environment, platform) {
    const env = environment as RagEnvironment;
    const apiKey = env.MISTRAL_API_KEY ?? null;
    const embedderChoice = env.RAG_EMBEDDER ?? 'hashing';
    if (embedderChoice === 'mistral' && !apiKey) {
      throw new ConfigError(['RAG_EMBEDDER=mistral needs MISTRAL_API_KEY (or choose RAG_EMBEDDER=hashing)']);
    }
    const chunkSize = env.RAG_CHUNK_SIZE ?? 1200;
    const chunkOverlap = env.RAG_CHUNK_OVERLAP ?? 150;
    if (chunkOverlap * 2 >= chunkSize) {
      throw new ConfigError([
        `RAG_CHUNK_OVERLAP (${chunkOverlap}) must be under half of RAG_CHUNK_SIZE (${chunkSize})`,
      ]);
    }
    const mistral = mistralSettingsOf(env);
    const pages = env.RAG_PAGES
      ? [
          ...new Set(
            env.RAG_PAGES.split(',')
              .map((page) => page.trim())
              .filter(Boolean),
          ),
        ]
      : [...DEFAULT_RAG_PAGES];
    return {
      crawler: {
        baseUrl: env.RAG_BASE_URL ?? 'https://docs.python.org/3/',
        userAgent: env.RAG_USER_AGENT ?? 'RelaisDoctorPy/1.0 (documentation knowledge base; polite crawler)',
        concurrency: env.RAG_CONCURRENCY ?? 5,
        delayMs: env.RAG_DELAY_MS ?? 100,
        timeoutMs: env.RAG_TIMEOUT_MS ?? 15_000,
        retries: env.RAG_RETRIES ?? 3,
        maxPageBytes: env.RAG_MAX_PAGE_BYTES ?? 5 * 1024 * 1024,
      },
      pages,
      chromaUrl: platform.chromaUrl ?? DEFAULT_CHROMA_URL,
      collectionPrefix: env.RAG_COLLECTION ?? 'doctorpy_docs',
      embedder:
        embedderChoice === 'mistral' && mistral
          ? { provider: 'mistral', apiKey: mistral.apiKey, serverUrl: mistral.serverUrl, model: mistral.embedModel }
          : { provider: 'hashing', dimensions: 512 },
      chunking: { chunkSize, chunkOverlap },
      gates: {
        minPages: env.RAG_MIN_PAGES ?? Math.min(pages.length, 10),
        minChunks: env.RAG_MIN_CHUNKS ?? 50,
        topK: env.RAG_GATE_TOP_K ?? 5,
      },
      mistral,
      dataDir: resolve(platform.dataDir),
    };
  },
  secrets(settings, environment) {
    const env = environment as RagEnvironment;
    return [env.MISTRAL_API_KEY, settings.mistral?.apiKey].filter((value): value is string => !!value);
  },
};

/** The domain's name: its routes are under /api/rag, its settings at config.domains.rag. */
export const RAG_DOMAIN_NAME = 'rag';

/** The RAG settings from a process's configuration. */
export function ragSettingsOf(config: ConfigWithDomains): RagSettings {
  return domainSettingsOf(config, { name: RAG_DOMAIN_NAME, settings: RAG_SETTINGS });
}
