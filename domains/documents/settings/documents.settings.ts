import { resolve } from 'node:path';
import { ConfigError } from '@relais/config';
import { domainSettingsOf, type ConfigWithDomains, type DomainSettings } from '@relais/domain-kit';
import {
  InvalidIngestSettings,
  resolveIngestSettings,
  mistralSettingsOf,
  type EmbedderSettings,
  type IngestSettings,
  type MistralSettings,
} from '@relais/ingest';
import { useDocumentRoots, type DocumentRoots } from '../paths/document-roots';
import { DocumentsEnvironment } from './documents.environment';

/** The documents domain's validated settings. */
export interface DocumentsSettings {
  dataDir: string;
  /** Where uploads land and `documents.nightly-inbox` looks (with its processed/ and failed/ archives). */
  inboxDir: string;
  /** Folders a batch may read: the inbox, the documents folder and DOCUMENTS_FOLDERS. */
  folderRoots: string[];
  backupDir: string;
  /** Backups of the vector index kept by `documents.vector-maintenance`. */
  backupKeep: number;
  reportsDir: string;
  exportsDir: string;
  /** The Chroma server: the platform's CHROMA_URL, else Chroma's default address on this machine. */
  chromaUrl: string;
  /** Where a Chroma started by `npm start` keeps its files: measured by the maintenance reports when it exists. */
  chromaDataDir: string;
  /** Collections are `<prefix>-<embedder id>` (SPEC: document_embeddings). */
  collectionPrefix: string;
  embedder: EmbedderSettings;
  ingest: IngestSettings;
  /** Files a batch ingests at once (child runs running together). */
  maxParallel: number;
  /**
   * Next files of a batch the worker that scanned it prepares ahead of their runs (never writes); 0 = off. On by
   * default with the offline embedder (1.25× the first ingestion's speed once a batch's runs start in the order it
   * hints them: docs/benchmarks.md); off with Mistral's, where a file prepared ahead whose run lands on another
   * worker process is embedded, and paid for, twice.
   */
  readAhead: number;
  /** Null without MISTRAL_API_KEY: questions get passages but no written answer. */
  mistral: MistralSettings | null;
}

/** Chroma's own default address (`chroma run`), used when CHROMA_URL is unset. */
export const DEFAULT_CHROMA_URL = 'http://127.0.0.1:8000';

/** The read-ahead's window by default (offline embedder): two batches' worth of files at the default 3 at once. */
const DEFAULT_READ_AHEAD_FILES = 6;

/** Which variable holds each ingestion setting, for the messages of settings that are wrong together and of errors. */
export const INGEST_VARIABLES: Partial<Record<keyof IngestSettings, string>> = {
  extensions: 'DOCUMENTS_EXTENSIONS',
  minBytes: 'DOCUMENTS_MIN_BYTES',
  maxBytes: 'DOCUMENTS_MAX_BYTES',
  chunkSize: 'DOCUMENTS_CHUNK_SIZE',
  chunkOverlap: 'DOCUMENTS_CHUNK_OVERLAP',
  pdfThreads: 'DOCUMENTS_PDF_THREADS',
  pdfTimeoutMs: 'DOCUMENTS_PDF_TIMEOUT_MS',
};

/** How the documents domain reads, types and redacts its environment. */
export const DOCUMENTS_SETTINGS: DomainSettings<DocumentsSettings> = {
  environment: DocumentsEnvironment,
  load(environment, platform) {
    const env = environment as DocumentsEnvironment;
    const dir = (value: string | undefined, fallback: string): string =>
      resolve(value ?? resolve(platform.dataDir, fallback));
    const inboxDir = dir(env.DOCUMENTS_INBOX_DIR, 'inbox');
    const documentsDir = resolve(platform.dataDir, 'documents');
    const extraFolders = (env.DOCUMENTS_FOLDERS ?? '')
      .split(',')
      .map((folder) => folder.trim())
      .filter(Boolean)
      .map((folder) => resolve(folder));
    const apiKey = env.MISTRAL_API_KEY ?? null;
    const embedderChoice = env.DOCUMENTS_EMBEDDER ?? 'hashing';
    if (embedderChoice === 'mistral' && !apiKey) {
      throw new ConfigError([
        'DOCUMENTS_EMBEDDER=mistral needs MISTRAL_API_KEY (or choose DOCUMENTS_EMBEDDER=hashing)',
      ]);
    }
    const mistral = mistralSettingsOf(env);
    const embedder: EmbedderSettings =
      embedderChoice === 'mistral' && mistral
        ? { provider: 'mistral', apiKey: mistral.apiKey, serverUrl: mistral.serverUrl, model: mistral.embedModel }
        : { provider: 'hashing', dimensions: env.DOCUMENTS_EMBEDDING_DIMENSIONS ?? 512 };
    const settings: DocumentsSettings = {
      dataDir: platform.dataDir,
      inboxDir,
      folderRoots: [...new Set([inboxDir, documentsDir, ...extraFolders])],
      backupDir: dir(env.DOCUMENTS_BACKUP_DIR, 'backups/chroma'),
      backupKeep: env.DOCUMENTS_BACKUP_KEEP ?? 7,
      reportsDir: dir(env.DOCUMENTS_REPORTS_DIR, 'reports'),
      exportsDir: dir(env.DOCUMENTS_EXPORTS_DIR, 'exports'),
      chromaUrl: platform.chromaUrl ?? DEFAULT_CHROMA_URL,
      chromaDataDir: resolve(platform.dataDir, 'chroma'),
      collectionPrefix: env.DOCUMENTS_COLLECTION ?? 'document_embeddings',
      embedder,
      ingest: ingestSettings(env),
      maxParallel: env.DOCUMENTS_MAX_PARALLEL ?? 3,
      readAhead: env.DOCUMENTS_READ_AHEAD ?? (embedder.provider === 'hashing' ? DEFAULT_READ_AHEAD_FILES : 0),
      mistral,
    };
    useDocumentRoots(documentRootsOf(settings));
    return settings;
  },
  secrets(settings, environment) {
    const env = environment as DocumentsEnvironment;
    return [env.MISTRAL_API_KEY, settings.mistral?.apiKey].filter((value): value is string => !!value);
  },
};

/** Where each kind of path parameter may lead, from the settings. */
export function documentRootsOf(settings: DocumentsSettings): DocumentRoots {
  return {
    // Relative folders are read from the data directory: `inbox`, `documents/manuals`.
    folder: { base: settings.dataDir, roots: settings.folderRoots },
    backup: { base: settings.backupDir, roots: [settings.backupDir] },
    report: { base: settings.reportsDir, roots: [settings.reportsDir] },
  };
}

function ingestSettings(env: DocumentsEnvironment): IngestSettings {
  const extensions = env.DOCUMENTS_EXTENSIONS?.split(',').map((extension) => extension.trim());
  try {
    return resolveIngestSettings({
      extensions,
      minBytes: env.DOCUMENTS_MIN_BYTES,
      maxBytes: env.DOCUMENTS_MAX_BYTES,
      chunkSize: env.DOCUMENTS_CHUNK_SIZE,
      chunkOverlap: env.DOCUMENTS_CHUNK_OVERLAP,
      pdfThreads: env.DOCUMENTS_PDF_THREADS,
      pdfTimeoutMs: env.DOCUMENTS_PDF_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof InvalidIngestSettings)) throw error;
    const variable = INGEST_VARIABLES[error.field as keyof IngestSettings] ?? error.field;
    throw new ConfigError([`${variable}: ${error.message.slice(error.field.length + 2)}`]);
  }
}

/** The domain's name: its routes are under /api/documents, its settings at config.domains.documents. */
export const DOCUMENTS_DOMAIN_NAME = 'documents';

/** The documents settings from a process's configuration. */
export function documentsSettingsOf(config: ConfigWithDomains): DocumentsSettings {
  return domainSettingsOf(config, { name: DOCUMENTS_DOMAIN_NAME, settings: DOCUMENTS_SETTINGS });
}
