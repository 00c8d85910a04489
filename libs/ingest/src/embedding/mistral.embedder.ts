import { Mistral } from '@mistralai/mistralai';
import { EmbeddingFailed } from '../ingest.errors';
import type { Embedder } from './embedder';

export interface MistralEmbedderOptions {
  apiKey: string;
  /** Default `mistral-embed` (1024 dimensions). */
  model?: string;
  /** Vector length the model returns; default 1024 (mistral-embed's). */
  dimensions?: number;
  /** Another endpoint than Mistral's (a proxy, the tests' fake). */
  serverUrl?: string;
  /** Texts per request; default 32 (~8 000 tokens of 1 000-character chunks, under the model's 16 384). */
  batchSize?: number;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Time spent retrying 429 and 5xx answers (waiting what Retry-After asks) before giving up; default 2 min. */
  maxRetryElapsedMs?: number;
  /** Ceiling of one wait, Retry-After included; default 60 s. */
  maxRetryIntervalMs?: number;
}

/**
 * Mistral embeddings through the official SDK. Its retry loop honours Retry-After on 429 (and backs off
 * exponentially on 5xx and network errors) up to `maxRetryElapsedMs`; what still fails becomes EmbeddingFailed,
 * with the HTTP status and never the key.
 */
export class MistralEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly client: Mistral;
  private readonly model: string;
  private readonly batchSize: number;

  constructor(options: MistralEmbedderOptions) {
    if (!options.apiKey.trim()) throw new EmbeddingFailed('mistral', 'no API key configured (MISTRAL_API_KEY)');
    this.model = options.model ?? 'mistral-embed';
    this.dimensions = options.dimensions ?? 1024;
    this.batchSize = options.batchSize ?? 32;
    this.id = `mistral-${this.model}`;
    this.client = new Mistral({
      apiKey: options.apiKey,
      serverURL: options.serverUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retryConfig: {
        strategy: 'backoff',
        backoff: {
          initialInterval: 500,
          maxInterval: options.maxRetryIntervalMs ?? 60_000,
          exponent: 1.5,
          maxElapsedTime: options.maxRetryElapsedMs ?? 120_000,
        },
        retryConnectionErrors: true,
      },
    });
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    let response;
    try {
      response = await this.client.embeddings.create({ model: this.model, inputs: texts });
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      const message = error instanceof Error ? error.message : String(error);
      throw new EmbeddingFailed(
        this.id,
        `request failed: ${message}`,
        typeof status === 'number' ? status : undefined,
        {
          cause: error,
        },
      );
    }
    const vectors = new Array<number[] | undefined>(texts.length);
    response.data.forEach((item, position) => {
      vectors[item.index ?? position] = item.embedding;
    });
    return vectors.map((vector, index) => {
      if (vector?.length !== this.dimensions) {
        throw new EmbeddingFailed(
          this.id,
          `answer holds no ${this.dimensions}-dimension vector for input ${index} (got ${vector?.length ?? 'none'})`,
        );
      }
      return vector;
    });
  }
}
