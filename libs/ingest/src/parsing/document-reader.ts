import { extname } from 'node:path';
import {
  DocumentSizeOutOfRange,
  EmptyDocument,
  InvalidIngestSettings,
  UnsupportedDocumentType,
} from '../ingest.errors';
import type { IngestSettings } from '../ingest-settings';
import { DocxParser } from './docx.parser';
import { HtmlParser } from './html.parser';
import { MarkdownParser } from './markdown.parser';
import type { DocumentFormat, DocumentParser, ParsedDocument } from './parsed-document';
import { PdfParser } from './pdf.parser';
import { PdfTextExtractor } from './pdf-text-extractor';
import { PlainTextParser } from './plain-text.parser';

/** Which format each known extension holds. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, DocumentFormat>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'txt',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/**
 * The gate in front of the parsers: accepted extensions and size bounds first (checked on the file's name and
 * size, before its bytes are read), then the parser of the format, then "is there any text at all".
 */
export class DocumentReader {
  private readonly parsers = new Map<DocumentFormat, DocumentParser>();

  constructor(
    private readonly settings: IngestSettings,
    parsers: readonly DocumentParser[],
  ) {
    for (const parser of parsers) this.parsers.set(parser.format, parser);
    for (const extension of settings.extensions) {
      const format = FORMAT_BY_EXTENSION[extension] as DocumentFormat | undefined;
      if (!format) {
        throw new InvalidIngestSettings(
          'extensions',
          `no parser reads "${extension}" (known: ${Object.keys(FORMAT_BY_EXTENSION).join(', ')})`,
        );
      }
      if (!this.parsers.has(format)) throw new InvalidIngestSettings('extensions', `no ${format} parser given`);
    }
  }

  /** The format of `source`; throws UnsupportedDocumentType or DocumentSizeOutOfRange. */
  check(source: string, sizeBytes: number): DocumentFormat {
    const extension = extname(source).toLowerCase();
    if (!this.settings.extensions.includes(extension)) {
      throw new UnsupportedDocumentType(source, extension, this.settings.extensions);
    }
    if (sizeBytes < this.settings.minBytes || sizeBytes > this.settings.maxBytes) {
      throw new DocumentSizeOutOfRange(source, sizeBytes, this.settings.minBytes, this.settings.maxBytes);
    }
    return FORMAT_BY_EXTENSION[extension];
  }

  /** Checks, then parses `bytes`; throws a DocumentRejected subclass for a file that cannot be indexed. */
  async parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    const format = this.check(source, bytes.length);
    const parser = this.parsers.get(format);
    if (!parser) throw new UnsupportedDocumentType(source, extname(source), this.settings.extensions);
    const parsed = await parser.parse(bytes, source);
    if (parsed.text.trim() === '') throw new EmptyDocument(source, `the ${format} file holds only blank text`);
    return parsed;
  }
}

/** A DocumentReader with every parser, and what it owns (the PDF threads) to close at shutdown. */
export interface OwnedDocumentReader {
  reader: DocumentReader;
  close(): Promise<void>;
}

/**
 * The reader of every supported format, configured by `settings`. `settingNames` says where a person sets what
 * an error may name (default: the IngestSettings field), e.g. the environment variable of a deployment.
 */
export function createDocumentReader(
  settings: IngestSettings,
  settingNames: { pdfTimeoutMs?: string } = {},
): OwnedDocumentReader {
  const extractor = new PdfTextExtractor({
    maxThreads: settings.pdfThreads,
    timeoutMs: settings.pdfTimeoutMs,
    maxHeapMb: settings.pdfMaxHeapMb,
  });
  const reader = new DocumentReader(settings, [
    new PdfParser(extractor, settingNames.pdfTimeoutMs),
    new DocxParser(),
    new PlainTextParser(),
    new MarkdownParser(),
    new HtmlParser(),
  ]);
  return { reader, close: () => extractor.close() };
}
