/** The document pipeline's state at one moment: what `documents.process-folder` and the tests check. */
export interface DocumentsHealth {
  checked_at: string;
  /** 0–100: start at 100, −50 Chroma down, −20 per unwritable folder, −10 when documents failed more than they indexed. */
  score: number;
  chroma: { up: boolean; url: string; latency_ms: number | null; error: string | null; chunks: number | null };
  documents: { total: number; indexed: number; failed: number; indexing: number };
  folders: { path: string; writable: boolean; error: string | null }[];
  disk_free_mb: number | null;
  rss_mb: number;
}
