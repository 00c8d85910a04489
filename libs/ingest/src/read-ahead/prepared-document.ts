import { chunkDocument, type ChunkingOptions, type DocumentChunk } from '../chunking/document-chunker';
import type { DocumentType } from '../chunking/document-type';
import type { Embedder } from '../embedding/embedder';
import type { DocumentReader } from '../parsing/document-reader';
import type { DocumentFormat, EncodingDecision } from '../parsing/parsed-document';

/**
 * Chunks embedded and written at once. A file at the 10 MB bound makes ~13 000 chunks: embedded and sent in one go,
 * their vectors and the request's JSON took more than the documents worker's 256 MB heap (it died out of memory)
 * and the embedding held the event loop long enough for BullMQ's job locks to lapse. A slice of 500 is ~30 files'
 * worth: files of ordinary size still go in one write, shared with the other files of the batch.
 */
export const CHUNKS_PER_WRITE = 500;

/** A file's bytes made ready to write: parsed, chunked, and its first slice of chunks embedded. */
export interface PreparedDocument {
  format: DocumentFormat;
  documentType: DocumentType;
  encoding?: EncodingDecision;
  pageCount?: number;
  warnings: string[];
  chunks: DocumentChunk[];
  /** The vectors of the first CHUNKS_PER_WRITE chunks (the later slices are embedded as they are written). */
  firstEmbeddings: number[][];
  /** Characters of the parsed text: the chunks' texts are slices of it and keep it alive. */
  textLength: number;
}

/** Parse → chunk → embed the first slice: everything of an ingestion that depends on the bytes alone. */
export async function prepareDocument(
  tools: { reader: DocumentReader; embedder: Embedder },
  bytes: Buffer,
  source: string,
  chunking: ChunkingOptions,
): Promise<PreparedDocument> {
  const parsed = await tools.reader.parse(bytes, source);
  const chunks = chunkDocument(parsed, chunking);
  const firstEmbeddings = await tools.embedder.embed(chunks.slice(0, CHUNKS_PER_WRITE).map((chunk) => chunk.text));
  return {
    format: parsed.format,
    documentType: chunks[0]?.documentType ?? 'general',
    encoding: parsed.encoding,
    pageCount: parsed.pages?.length,
    warnings: parsed.warnings,
    chunks,
    firstEmbeddings,
    textLength: parsed.text.length,
  };
}

/**
 * What a prepared document holds in memory, about: its text (two bytes a character at worst), each chunk's
 * keywords and bookkeeping, and its vectors (V8 keeps an array of numbers as 8-byte doubles).
 */
export function preparedDocumentBytes(document: PreparedDocument): number {
  const vectors = document.firstEmbeddings.reduce((sum, vector) => sum + vector.length * 8 + 32, 0);
  const chunks = document.chunks.reduce((sum, chunk) => sum + 160 + chunk.keywords.join(' ').length * 2, 0);
  return document.textLength * 2 + vectors + chunks;
}
