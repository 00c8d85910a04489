import type { Embedder } from '../embedding/embedder';
import { InvalidSearchQuery } from '../ingest.errors';
import type { ChunkMatch, VectorIndex } from '../index/vector-index';

/** Bounds of a question (SPEC §2: 3–1000 characters) and of k. */
export const QUESTION_LENGTH = { min: 3, max: 1000 } as const;
export const MAX_RESULTS = 50;

/** Finds the chunks nearest a question, in the collection of the configured embedder. */
export class ChunkSearch {
  constructor(
    private readonly embedder: Embedder,
    private readonly index: VectorIndex,
  ) {}

  /** The `k` best chunks for `question`, best first; throws InvalidSearchQuery naming a bad field. */
  async search(question: string, k = 3, filter: { documentId?: string } = {}): Promise<ChunkMatch[]> {
    const text = question.trim();
    if (text.length < QUESTION_LENGTH.min || text.length > QUESTION_LENGTH.max) {
      throw new InvalidSearchQuery(
        'question',
        `must be ${QUESTION_LENGTH.min} to ${QUESTION_LENGTH.max} characters (got ${text.length})`,
      );
    }
    if (!Number.isInteger(k) || k < 1 || k > MAX_RESULTS) {
      throw new InvalidSearchQuery('k', `must be an integer from 1 to ${MAX_RESULTS} (got ${String(k)})`);
    }
    const collection = await this.index.existingCollection(this.embedder.id);
    if (!collection) return [];
    const [embedding] = await this.embedder.embed([text]);
    return collection.query(embedding, k, filter);
  }
}
