/** The file formats the parsers read. */
export type DocumentFormat = 'pdf' | 'docx' | 'txt' | 'markdown' | 'html';

/** Where one page of a PDF lies in the document's text: `[start, end)` in characters. */
export interface PageSpan {
  /** 1-based page number. */
  page: number;
  start: number;
  end: number;
}

/** How a text file's bytes were turned into characters, and why: kept in the result and the manifest. */
export interface EncodingDecision {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  reason: string;
}

/**
 * A document's text with its structure marked as the chunker expects: headings on their own line starting with
 * `#` (one per level), blocks separated by a blank line.
 */
export interface ParsedDocument {
  format: DocumentFormat;
  text: string;
  /** PDF only: where each page's text lies (pages without text have an empty span). */
  pages?: PageSpan[];
  /** Text formats only. */
  encoding?: EncodingDecision;
  /** The document's own title when it declares one (HTML <title>, PDF Title). */
  title?: string;
  /** What the parser noticed but could work around (mammoth's messages, an unreadable page). */
  warnings: string[];
}

/** Turns a file's bytes into text; throws a DocumentRejected subclass when it cannot. */
export interface DocumentParser {
  readonly format: DocumentFormat;
  /** `source` names the file in errors. */
  parse(bytes: Buffer, source: string): Promise<ParsedDocument>;
}
