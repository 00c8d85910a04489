import { defineFlow } from '@relais/contracts';
import { RAG_QUEUE } from './rag.queue';
import { UpdateKnowledgeBaseParams } from './update-knowledge-base.params';

/** The validation gates, in the order a run checks them. */
export const RAG_GATES = [
  'enough-pages',
  'enough-chunks',
  'every-chunk-embedded',
  'index-matches-manifest',
  'test-questions',
] as const;

/** One gate's verdict in a run's result and its gate report. */
export interface GateVerdict {
  gate: (typeof RAG_GATES)[number];
  passed: boolean;
  figure: string;
}

export interface UpdateKnowledgeBaseResult {
  base_url: string;
  collection: string;
  pages_listed: number;
  pages_crawled: number;
  /** Answered 304 (or an unchanged mirror file): nothing read, nothing written. */
  pages_not_modified: number;
  /** Fetched, same content: only the validators were updated. */
  pages_unchanged: number;
  pages_indexed: number;
  pages_removed: number;
  /** The pages (re)indexed and removed, at most 100 of each. */
  indexed: string[];
  removed: string[];
  chunks_written: number;
  chunks_deleted: number;
  /** Pages and chunks in the base after the run. */
  pages_total: number;
  chunks_total: number;
  /** Empty when the run did not validate (the daily quick update). */
  gates: GateVerdict[];
  gate_report_id: string | null;
  duration_ms: number;
}

export const UPDATE_KNOWLEDGE_BASE_FLOW = defineFlow<UpdateKnowledgeBaseParams, UpdateKnowledgeBaseResult>({
  name: 'rag.update-knowledge-base',
  queue: RAG_QUEUE,
  description:
    'Brings the Python documentation knowledge base (doctorpy_docs) up to date, incrementally, then checks its validation gates',
  params: UpdateKnowledgeBaseParams,
  // One update at a time: two would both write the same pages' chunks.
  concurrencyLimit: 1,
  timeoutMs: 2 * 60 * 60 * 1000,
});
