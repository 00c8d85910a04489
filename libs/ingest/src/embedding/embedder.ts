/**
 * Turns texts into vectors. The id names the model and everything that changes its vectors: it is part of what
 * makes a document's chunks current, and names the Chroma collection the vectors live in (vectors of two
 * embedders are not comparable).
 */
export interface Embedder {
  /** `hashing-v1-512`, `mistral-mistral-embed`: change it whenever the same text would get another vector. */
  readonly id: string;
  readonly dimensions: number;
  /** One vector per text, in order; batches as the provider needs. */
  embed(texts: readonly string[]): Promise<number[][]>;
}
