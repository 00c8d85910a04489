import { Injectable, Logger } from '@nestjs/common';
import {
  answerFromPassages,
  InvalidSearchQuery,
  VectorIndexError,
  type ChunkMatch,
  type PassageAnswer,
} from '@relais/ingest';
import { InvalidRequestError } from '@relais/contracts';
import { DocumentCorpus } from '../corpus/document-corpus';
import { VectorIndexUnavailable } from './documents-api.errors';

/** One passage of an answer to `POST /api/documents/query`. */
export interface PassageView {
  rank: number;
  /** Cosine similarity to the question: 1 is the same direction, 0 unrelated. */
  score: number;
  source: string;
  document_id: string;
  chunk_id: string;
  text: string;
  position: {
    chunk_index: number;
    chunk_total: number;
    char_start: number;
    char_end: number;
    page: number | null;
    page_end: number | null;
  };
  document_type: string;
  keywords: string[];
}

export interface QueryAnswer extends PassageAnswer {
  question: string;
  k: number;
  embedder: string;
  passages: PassageView[];
  took_ms: number;
}

/** Questions over the documents: the k best passages, and a grounded answer when Mistral is configured. */
@Injectable()
export class DocumentQuestions {
  private readonly logger = new Logger(DocumentQuestions.name);

  constructor(private readonly corpus: DocumentCorpus) {}

  async ask(question: string, k: number, signal?: AbortSignal): Promise<QueryAnswer> {
    const started = performance.now();
    let matches: ChunkMatch[];
    try {
      matches = await this.corpus.search.search(question, k);
    } catch (error) {
      if (error instanceof InvalidSearchQuery) throw new InvalidRequestError({ [error.field]: [error.message] });
      if (error instanceof VectorIndexError) {
        this.logger.warn(error.message);
        throw new VectorIndexUnavailable(error.message);
      }
      throw error;
    }
    const written = await answerFromPassages(this.corpus.answerer, question, matches, {
      corpus: 'the documents',
      warn: (message) => this.logger.warn(message),
      signal,
    });
    return {
      question,
      k,
      embedder: this.corpus.embedder.id,
      passages: matches.map(passageView),
      ...written,
      took_ms: Math.round(performance.now() - started),
    };
  }
}

function passageView(match: ChunkMatch, index: number): PassageView {
  const { metadata } = match;
  return {
    rank: index + 1,
    score: Number(match.score.toFixed(6)),
    source: metadata.source,
    document_id: metadata.documentId,
    chunk_id: match.id,
    text: match.text,
    position: {
      chunk_index: metadata.chunkIndex,
      chunk_total: metadata.chunkTotal,
      char_start: metadata.charStart,
      char_end: metadata.charEnd,
      page: metadata.page ?? null,
      page_end: metadata.pageEnd ?? null,
    },
    document_type: metadata.documentType,
    keywords: metadata.keywords ? metadata.keywords.split(', ') : [],
  };
}
