import type { ChunkMatch } from '../index/vector-index';
import { AnswerFailed, type MistralAnswerer } from './grounded-answerer';

/** The written part of a question endpoint's answer (snake_case: it is sent as is). */
export interface PassageAnswer {
  /** Written by Mistral from the passages, with the passages it cites; null without MISTRAL_API_KEY. */
  answer: {
    text: string;
    model: string;
    citations: { number: number; source: string; chunk_id: string; page: number | null }[];
  } | null;
  /** Why there is no answer although a key is configured (Mistral failed, no passage found). */
  answer_error: string | null;
}

/**
 * A grounded answer to `question` from `matches` when an answerer is configured: Mistral's failures become
 * `answer_error` (the passages are still worth returning), anything else is thrown. `corpus` names what was
 * searched, for the message when nothing matched ("the documents", "the Python documentation").
 */
export async function answerFromPassages(
  answerer: MistralAnswerer | null,
  question: string,
  matches: readonly ChunkMatch[],
  options: { corpus: string; warn: (message: string) => void; signal?: AbortSignal },
): Promise<PassageAnswer> {
  if (!answerer) return { answer: null, answer_error: null };
  if (matches.length === 0) {
    return {
      answer: null,
      answer_error: `no passage of ${options.corpus} matches the question: nothing to answer from`,
    };
  }
  try {
    const written = await answerer.answer(question, [...matches], options.signal);
    return {
      answer: {
        text: written.text,
        model: written.model,
        citations: written.citations.map((citation) => ({
          number: citation.number,
          source: citation.source,
          chunk_id: citation.chunkId,
          page: citation.page ?? null,
        })),
      },
      answer_error: null,
    };
  } catch (error) {
    if (!(error instanceof AnswerFailed)) throw error;
    options.warn(error.message);
    return { answer: null, answer_error: error.status ? `Mistral answered HTTP ${error.status}` : error.message };
  }
}
