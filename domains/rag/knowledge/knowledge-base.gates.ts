import type { ChunkCollection, Embedder } from '@relais/ingest';
import type { PageManifest } from './page-manifest';

/** The validation gates of a full update, in the order a run checks them. */
export type GateName =
  'enough-pages' | 'enough-chunks' | 'every-chunk-embedded' | 'index-matches-manifest' | 'test-questions';

/** One gate's verdict with the figure it was judged on (what the gate report shows). */
export interface GateResult {
  gate: GateName;
  passed: boolean;
  /** e.g. `412 pages (at least 400)`, `3 of 3 questions retrieved their page`. */
  figure: string;
}

/** A question whose answer must come from `expectedPage` (a path under the base URL). */
export interface TestQuestion {
  question: string;
  expectedPage: string;
}

/**
 * The checks a full update must pass before its base is trusted. Each is its own method so the worker can run
 * each as a durable step and fail the run at the gate that failed.
 */
export class KnowledgeBaseGates {
  constructor(
    private readonly manifest: PageManifest,
    private readonly collection: ChunkCollection,
    private readonly embedder: Embedder,
  ) {}

  /** At least `minimum` pages are indexed. */
  async enoughPages(minimum: number): Promise<GateResult> {
    const pages = (await this.manifest.all()).length;
    return { gate: 'enough-pages', passed: pages >= minimum, figure: `${pages} pages (at least ${minimum})` };
  }

  /** The manifest lists at least `minimum` chunks. */
  async enoughChunks(minimum: number): Promise<GateResult> {
    const chunks = await this.manifestChunkIds();
    return {
      gate: 'enough-chunks',
      passed: chunks.length >= minimum,
      figure: `${chunks.length} chunks (at least ${minimum})`,
    };
  }

  /** Every chunk the manifest lists is in the index (Chroma stores a chunk only with its vector). */
  async everyChunkEmbedded(): Promise<GateResult> {
    const expected = await this.manifestChunkIds();
    const indexed = new Set(await this.collection.ids());
    const present = expected.filter((id) => indexed.has(id)).length;
    return {
      gate: 'every-chunk-embedded',
      passed: present === expected.length,
      figure: `${present} of ${expected.length} chunks embedded`,
    };
  }

  /** The index holds exactly the manifest's chunks: no orphan left by a crash, none missing. */
  async indexMatchesManifest(): Promise<GateResult> {
    const expected = (await this.manifestChunkIds()).length;
    const count = await this.collection.count();
    return {
      gate: 'index-matches-manifest',
      passed: count === expected,
      figure: `${count} chunks in the index, ${expected} in the manifest`,
    };
  }

  /** Every test question finds a chunk of its expected page among the `k` nearest. */
  async testQuestions(questions: readonly TestQuestion[], k: number): Promise<GateResult> {
    const vectors = questions.length > 0 ? await this.embedder.embed(questions.map((entry) => entry.question)) : [];
    const missed: string[] = [];
    for (const [n, entry] of questions.entries()) {
      const hits = await this.collection.query(vectors[n] ?? [], k);
      if (!hits.some((hit) => hit.metadata.documentId === entry.expectedPage)) missed.push(entry.question);
    }
    const found = questions.length - missed.length;
    const figure = `${found} of ${questions.length} questions retrieved their page${missed.length > 0 ? ` (missed: ${missed.join('; ')})` : ''}`;
    return { gate: 'test-questions', passed: missed.length === 0, figure };
  }

  private async manifestChunkIds(): Promise<string[]> {
    return (await this.manifest.all()).flatMap((record) => record.chunkIds);
  }
}
