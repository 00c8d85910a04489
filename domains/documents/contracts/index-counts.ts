/** The manifest and the vector index side by side, with the disk space they take: a maintenance report's before and after. */
export interface IndexSnapshot {
  taken_at: string;
  documents: number;
  documents_by_state: Record<string, number>;
  /** Chunks the manifest says stand for its documents. */
  manifest_chunks: number;
  /** Chunks in the index's collections. */
  index_chunks: number;
  collections: { name: string; embedder: string; count: number }[];
  /** Bytes of the local Chroma data folder; null when Chroma keeps its files elsewhere. */
  chroma_bytes: number | null;
  /** Bytes of the backups kept. */
  backup_bytes: number;
}
