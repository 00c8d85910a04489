import { InvalidIngestSettings } from './ingest.errors';

/** How files are checked, parsed and chunked. Every field has a default (below); the lead maps env vars onto it. */
export interface IngestSettings {
  /** Extensions read, lower case with their dot. Default: .pdf .docx .txt .md .markdown .html .htm. */
  extensions: readonly string[];
  /** Smaller files are refused (a stub, a placeholder). Default 100 bytes. */
  minBytes: number;
  /** Larger files are refused before they are read. Default 10 MiB. */
  maxBytes: number;
  /** Target chunk length in characters. Default 1000. */
  chunkSize: number;
  /** Characters a chunk repeats from the end of the previous one. Default 200; under chunkSize. */
  chunkOverlap: number;
  /** A PDF whose text takes longer to extract is refused as `timeout` (a malformed file can loop). Default 60 s. */
  pdfTimeoutMs: number;
  /** Heap ceiling of a PDF extraction thread: a hostile PDF fails alone instead of exhausting the worker. Default 512 MB. */
  pdfMaxHeapMb: number;
  /** PDF extraction threads kept at most (pdf.js parsing is CPU-bound and would block the event loop). Default 2. */
  pdfThreads: number;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  extensions: ['.pdf', '.docx', '.txt', '.md', '.markdown', '.html', '.htm'],
  minBytes: 100,
  maxBytes: 10 * 1024 * 1024,
  chunkSize: 1000,
  chunkOverlap: 200,
  pdfTimeoutMs: 60_000,
  pdfMaxHeapMb: 512,
  pdfThreads: 2,
};

/** Bounds no setting may cross: a chunk of 100 000 characters would not fit an embedding model's input. */
const CHUNK_SIZE_RANGE = [100, 20_000] as const;

/** The defaults overridden by `overrides`, checked: an invalid value throws InvalidIngestSettings naming it. */
export function resolveIngestSettings(overrides: Partial<IngestSettings> = {}): IngestSettings {
  const settings: IngestSettings = { ...DEFAULT_INGEST_SETTINGS, ...definedOnly(overrides) };
  const integer = (field: keyof IngestSettings, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidIngestSettings(field, `must be an integer from ${min} to ${max} (got ${String(value)})`);
    }
  };
  integer('minBytes', settings.minBytes, 0);
  integer('maxBytes', settings.maxBytes, 1);
  if (settings.minBytes > settings.maxBytes) {
    throw new InvalidIngestSettings('minBytes', `must not exceed maxBytes (${settings.maxBytes})`);
  }
  integer('chunkSize', settings.chunkSize, CHUNK_SIZE_RANGE[0], CHUNK_SIZE_RANGE[1]);
  integer('chunkOverlap', settings.chunkOverlap, 0);
  if (settings.chunkOverlap >= settings.chunkSize / 2) {
    // An overlap of half a chunk or more would make each chunk mostly a copy of the one before.
    throw new InvalidIngestSettings('chunkOverlap', `must be under half of chunkSize (${settings.chunkSize})`);
  }
  integer('pdfTimeoutMs', settings.pdfTimeoutMs, 100);
  integer('pdfMaxHeapMb', settings.pdfMaxHeapMb, 32);
  integer('pdfThreads', settings.pdfThreads, 1, 16);
  if (settings.extensions.length === 0) throw new InvalidIngestSettings('extensions', 'must list at least one');
  const extensions = settings.extensions.map((extension) => extension.trim().toLowerCase());
  for (const extension of extensions) {
    if (!/^\.[a-z0-9]{1,10}$/.test(extension)) {
      throw new InvalidIngestSettings('extensions', `"${extension}" is not an extension like .pdf`);
    }
  }
  return { ...settings, extensions };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
