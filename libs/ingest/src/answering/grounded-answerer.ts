import { Mistral } from '@mistralai/mistralai';
import type { ChunkMatch } from '../index/vector-index';

/** A passage the answer cites: its number in the answer's `[n]` marks, and where it comes from. */
export interface Citation {
  /** 1-based, as written in the answer. */
  number: number;
  chunkId: string;
  source: string;
  page?: number;
}

/** An answer written from retrieved passages only, with the passages it cites. */
export interface GroundedAnswer {
  text: string;
  model: string;
  citations: Citation[];
}

/** The chat model failed (after the retries it deserved); `status` is its HTTP status when it answered. */
export class AnswerFailed extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AnswerFailed';
  }
}

export interface MistralAnswererOptions {
  apiKey: string;
  /** Default `mistral-small-latest`. */
  model?: string;
  /** Another endpoint than Mistral's (a proxy, the tests' fake). */
  serverUrl?: string;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  /** Time spent retrying 429 and 5xx answers (waiting what Retry-After asks) before giving up; default 60 s. */
  maxRetryElapsedMs?: number;
  /** Ceiling of one wait, Retry-After included; default 30 s. */
  maxRetryIntervalMs?: number;
  /** Characters of passage text sent at most, all passages together; default 12 000 (~3 000 tokens). */
  maxContextChars?: number;
}

const SYSTEM_PROMPT = [
  'You answer questions about a collection of documents, using only the numbered passages given with the question.',
  'Cite every passage you use with its number in square brackets, like [1] or [2][3], right after what it supports.',
  'If the passages do not contain the answer, say so plainly instead of guessing.',
  'Answer in the language of the question.',
].join(' ');

/**
 * Answers a question from retrieved chunks with Mistral's chat completions, through the official SDK (its retry
 * loop honours Retry-After on 429 and backs off on 5xx and network errors). The answer's `[n]` marks are mapped
 * back to the passages they cite; marks that name no passage are dropped from the citations.
 */
export class MistralAnswerer {
  readonly model: string;
  private readonly client: Mistral;
  private readonly maxContextChars: number;

  constructor(options: MistralAnswererOptions) {
    if (!options.apiKey.trim()) throw new AnswerFailed('no Mistral API key configured (MISTRAL_API_KEY)');
    this.model = options.model ?? 'mistral-small-latest';
    this.maxContextChars = options.maxContextChars ?? 12_000;
    this.client = new Mistral({
      apiKey: options.apiKey,
      serverURL: options.serverUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retryConfig: {
        strategy: 'backoff',
        backoff: {
          initialInterval: 500,
          maxInterval: options.maxRetryIntervalMs ?? 30_000,
          exponent: 1.5,
          maxElapsedTime: options.maxRetryElapsedMs ?? 60_000,
        },
        retryConnectionErrors: true,
      },
    });
  }

  /** An answer to `question` from `passages` (best first); throws AnswerFailed when Mistral does not answer. */
  async answer(question: string, passages: readonly ChunkMatch[], signal?: AbortSignal): Promise<GroundedAnswer> {
    let response;
    try {
      response = await this.client.chat.complete(
        {
          model: this.model,
          temperature: 0.1,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: this.prompt(question, passages) },
          ],
        },
        { signal },
      );
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      const message = error instanceof Error ? error.message : String(error);
      throw new AnswerFailed(`Mistral chat failed: ${message}`, typeof status === 'number' ? status : undefined, {
        cause: error,
      });
    }
    const content = response.choices[0]?.message.content;
    const text = (typeof content === 'string' ? content : (content ?? []).map(textOf).join('')).trim();
    if (!text) throw new AnswerFailed('Mistral chat answered with no text');
    return { text, model: response.model || this.model, citations: citationsIn(text, passages) };
  }

  /** The passages, numbered from 1, each with its source and page, within the context budget; then the question. */
  private prompt(question: string, passages: readonly ChunkMatch[]): string {
    const budget = Math.max(200, Math.floor(this.maxContextChars / Math.max(passages.length, 1)));
    const numbered = passages.map((passage, index) => {
      const { source, page } = passage.metadata;
      const where = page === undefined ? source : `${source}, page ${page}`;
      const text = passage.text.length > budget ? `${passage.text.slice(0, budget)}…` : passage.text;
      return `[${index + 1}] (${where})\n${text}`;
    });
    return `Passages:\n\n${numbered.join('\n\n')}\n\nQuestion: ${question}`;
  }
}

/** The passages the `[n]` marks of `text` name, each once, in the order first cited. */
export function citationsIn(text: string, passages: readonly ChunkMatch[]): Citation[] {
  const cited: Citation[] = [];
  const seen = new Set<number>();
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const number = Number(match[1]);
    const passage = passages[number - 1] as ChunkMatch | undefined;
    if (!passage || seen.has(number)) continue;
    seen.add(number);
    cited.push({ number, chunkId: passage.id, source: passage.metadata.source, page: passage.metadata.page });
  }
  return cited;
}

function textOf(chunk: unknown): string {
  const text = (chunk as { type?: unknown; text?: unknown }).text;
  return typeof text === 'string' ? text : '';
}
