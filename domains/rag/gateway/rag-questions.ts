import { Injectable, Logger } from '@nestjs/common';
import { InvalidRequestError } from '@relais/contracts';
import { answerFromPassages, InvalidSearchQuery, VectorIndexError, type ChunkMatch } from '@relais/ingest';
import { DoctorPyKnowledgeBase } from '../knowledge/doctorpy-knowledge-base';
import type { PageRecord } from '../knowledge/page-manifest';
import { KnowledgeBaseUnavailable } from './rag-api.errors';
import type { RagPassageResponse, RagQueryResponse } from './rag-api.responses';

/** Questions over the Python documentation: the k nearest chunks with their page, and a grounded answer. */
@Injectable()
export class RagQuestions {
  private readonly logger = new Logger(RagQuestions.name);

  constructor(private readonly base: DoctorPyKnowledgeBase) {}

  async ask(question: string, k: number, signal?: AbortSignal): Promise<RagQueryResponse> {
    const started = performance.now();
    let matches: ChunkMatch[];
    try {
      matches = await this.base.search.search(question, k);
    } catch (error) {
      if (error instanceof InvalidSearchQuery) throw new InvalidRequestError({ [error.field]: [error.message] });
      if (error instanceof VectorIndexError) {
        this.logger.warn(error.message);
        throw new KnowledgeBaseUnavailable(error.message);
      }
      throw error;
    }
    const pages = new Map<string, PageRecord | null>();
    for (const page of new Set(matches.map((match) => match.metadata.documentId))) {
      pages.set(page, await this.base.manifest.get(page));
    }
    const written = await answerFromPassages(this.base.answerer, question, matches, {
      corpus: 'the Python documentation',
      warn: (message) => this.logger.warn(message),
      signal,
    });
    return {
      question,
      k,
      embedder: this.base.embedder.id,
      collection: this.base.collectionName,
      passages: matches.map((match, n) => passageView(match, n, pages.get(match.metadata.documentId) ?? null)),
      ...written,
      took_ms: Math.round(performance.now() - started),
    };
  }
}

function passageView(match: ChunkMatch, index: number, record: PageRecord | null): RagPassageResponse {
  return {
    rank: index + 1,
    score: Number(match.score.toFixed(6)),
    page: match.metadata.documentId,
    url: match.metadata.source,
    title: record?.title ?? '',
    section: record?.sectionPath ?? [],
    chunk_id: match.id,
    text: match.text,
    chunk_index: match.metadata.chunkIndex,
    chunk_total: match.metadata.chunkTotal,
  };
}
