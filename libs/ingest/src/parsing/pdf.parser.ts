import { CorruptDocument, EmptyDocument, EncryptedDocument, ExtractionTimedOut } from '../ingest.errors';
import type { DocumentParser, PageSpan, ParsedDocument } from './parsed-document';
import { PdfExtractionFailure, type PdfTextExtractor } from './pdf-text-extractor';

/** Pages are joined by a blank line: a paragraph boundary for the chunker. */
const PAGE_SEPARATOR = '\n\n';

/**
 * PDF through pdf.js (Mozilla's, the maintained reference): the text of each page, and where each page lies in
 * the document's text so that every chunk knows its page. Password-protected files fail as encrypted, files
 * without a text layer (scans, images) as empty, an extraction over the timeout as timeout, anything else pdf.js
 * cannot read as corrupt.
 */
export class PdfParser implements DocumentParser {
  readonly format = 'pdf';

  constructor(
    private readonly extractor: PdfTextExtractor,
    /** The setting behind the extractor's timeout, named by the error of a file that hits it. */
    private readonly timeoutSetting = 'pdfTimeoutMs',
  ) {}

  async parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    let extracted;
    try {
      extracted = await this.extractor.extract(bytes);
    } catch (error) {
      if (!(error instanceof PdfExtractionFailure)) throw error;
      if (error.kind === 'timeout') {
        throw new ExtractionTimedOut(source, this.extractor.timeoutMs, this.timeoutSetting);
      }
      if (error.kind === 'PasswordException') {
        throw new EncryptedDocument(source, `the PDF needs a password to open (${error.message})`);
      }
      throw new CorruptDocument(source, `pdf.js could not read it (${error.kind}: ${error.message})`, { cause: error });
    }
    const pages: PageSpan[] = [];
    let text = '';
    extracted.pages.forEach((pageText, index) => {
      const trimmed = pageText.replace(/\s+$/, '');
      if (index > 0) text += PAGE_SEPARATOR;
      pages.push({ page: index + 1, start: text.length, end: text.length + trimmed.length });
      text += trimmed;
    });
    if (text.trim() === '') {
      throw new EmptyDocument(
        source,
        `none of its ${pages.length} page(s) has a text layer: a scanned or image-only PDF (OCR is not done)`,
      );
    }
    return { format: this.format, text, pages, title: extracted.title ?? undefined, warnings: [] };
  }
}
