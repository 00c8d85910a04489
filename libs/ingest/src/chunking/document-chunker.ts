import type { PageSpan, ParsedDocument } from '../parsing/parsed-document';
import { detectDocumentType, type DocumentType } from './document-type';
import { topKeywords } from './keywords';
import { splitRecursively } from './recursive-splitter';

/**
 * The chunking algorithm's version: part of what makes a document's chunks current. Bump it whenever a change
 * here would cut or label the same text differently; every document is then re-indexed on its next ingestion.
 */
export const CHUNKER_VERSION = 'recursive-v1';

/** How long chunks are. */
export interface ChunkingOptions {
  chunkSize: number;
  chunkOverlap: number;
}

/** One piece of a document, with what a search result needs to say where it comes from. */
export interface DocumentChunk {
  /** 0-based position among the document's chunks. */
  index: number;
  /** How many chunks the document has. */
  total: number;
  text: string;
  /** `[start, end)` of the chunk in the parsed document's text. */
  start: number;
  end: number;
  /** PDF: the 1-based page the chunk starts on, and the one it ends on. */
  page?: number;
  pageEnd?: number;
  documentType: DocumentType;
  keywords: string[];
}

/** The chunker's version with its options: what the manifest compares to decide a document is current. */
export function chunkerFingerprint(options: ChunkingOptions): string {
  return `${CHUNKER_VERSION}/${options.chunkSize}/${options.chunkOverlap}`;
}

/** Cuts a parsed document into chunks (see splitRecursively) and labels each one. */
export function chunkDocument(document: ParsedDocument, options: ChunkingOptions): DocumentChunk[] {
  const documentType = detectDocumentType(document.text);
  const spans = splitRecursively(document.text, options.chunkSize, options.chunkOverlap);
  return spans.map((span, index) => {
    const text = document.text.slice(span.start, span.end);
    const chunk: DocumentChunk = {
      index,
      total: spans.length,
      text,
      start: span.start,
      end: span.end,
      documentType,
      keywords: topKeywords(text),
    };
    if (document.pages) {
      chunk.page = pageAt(document.pages, span.start);
      chunk.pageEnd = pageAt(document.pages, span.end - 1);
    }
    return chunk;
  });
}

/** The page whose span holds `offset` (the page before, for an offset in the separator between two pages). */
function pageAt(pages: readonly PageSpan[], offset: number): number {
  let low = 0;
  let high = pages.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (pages[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  return pages[low].page;
}
