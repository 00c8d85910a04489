/**
 * The RAG domain's answers as the dashboard reads them. Its gateway routes (`GET /api/rag/pages`,
 * `POST /api/rag/query`) are being built alongside this page and are not in the generated API types yet, so the
 * shapes agreed for them are read here field by field: a field missing or of another type reads as absent, never
 * as a crash. Once the routes land with OpenAPI schemas, use the generated types instead.
 */

/** A page of the knowledge base. */
export interface RagPage {
  url: string;
  title: string;
  hash: string;
  indexedAt: string | null;
  chunks: number;
}

/** A passage found for a question. */
export interface RagChunk {
  url: string;
  section: string;
  text: string;
  score: number | null;
}

export interface RagReply {
  chunks: RagChunk[];
  /** The written answer, when the gateway writes one. */
  answer: string | null;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => value !== null && typeof value === 'object';
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The list, whether it comes bare or as a page (`{items, total, …}`). */
function listOf(body: unknown, key: string): Fields[] {
  const list = Array.isArray(body) ? body : isFields(body) ? (body[key] ?? body.items) : [];
  return Array.isArray(list) ? list.filter(isFields) : [];
}

/** `GET /api/rag/pages`: an array of pages, or `{pages}` / `{items}`. */
export function ragPagesFrom(body: unknown): RagPage[] {
  return listOf(body, 'pages').map((page) => ({
    url: text(page.url),
    title: text(page.title),
    hash: text(page.hash),
    indexedAt: text(page.indexed_at) || null,
    chunks: number(page.chunks) ?? 0,
  }));
}

/** `POST /api/rag/query`: `{chunks, answer?}`; the answer as text or as `{text}`. */
export function ragReplyFrom(body: unknown): RagReply {
  const answer = isFields(body) ? body.answer : undefined;
  const written = typeof answer === 'string' ? answer : isFields(answer) ? text(answer.text) : '';
  return {
    chunks: listOf(body, 'chunks').map((chunk) => ({
      url: text(chunk.url),
      section: Array.isArray(chunk.section) ? chunk.section.map(text).join(' › ') : text(chunk.section),
      text: text(chunk.text),
      score: number(chunk.score),
    })),
    answer: written === '' ? null : written,
  };
}
