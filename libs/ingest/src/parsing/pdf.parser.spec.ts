import {
  corruptPdf,
  imageOnlyPdf,
  passwordProtectedPdf,
  textPdf,
} from '../../../../test/fixtures/documents/document-files';
import { CorruptDocument, EmptyDocument, EncryptedDocument, ExtractionTimedOut } from '../ingest.errors';
import { PdfParser } from './pdf.parser';
import { PdfTextExtractor } from './pdf-text-extractor';

describe('PdfParser', () => {
  const extractor = new PdfTextExtractor({ maxThreads: 2, timeoutMs: 20_000, maxHeapMb: 256 });
  const parser = new PdfParser(extractor);
  afterAll(() => extractor.close());

  it('reads each page, keeps paragraphs apart and says where every page lies in the text', async () => {
    const pdf = await textPdf(
      [
        ['# Volcanoes', 'Lava flows from the crater. Basalt cools into columns.', 'A second paragraph on ash.'],
        ['Glaciers carve valleys over thousands of years. Café crème, déjà vu.'],
      ],
      'Earth science notes',
    );

    const parsed = await parser.parse(pdf, 'notes.pdf');

    expect(parsed.format).toBe('pdf');
    expect(parsed.title).toBe('Earth science notes');
    expect(parsed.pages).toHaveLength(2);
    const [first, second] = parsed.pages!;
    expect(parsed.text.slice(first.start, first.end)).toContain('Basalt cools into columns.');
    expect(parsed.text.slice(second.start, second.end)).toBe(
      'Glaciers carve valleys over thousands of years. Café crème, déjà vu.',
    );
    // The paragraph gap on the page is a blank line in the text.
    expect(parsed.text).toMatch(/columns\.\n\nA second paragraph/);
  });

  it('refuses a password-protected PDF as encrypted', async () => {
    await expect(parser.parse(await passwordProtectedPdf(), 'salaries.pdf')).rejects.toThrow(EncryptedDocument);
    await expect(parser.parse(await passwordProtectedPdf(), 'salaries.pdf')).rejects.toThrow(
      /salaries\.pdf: encrypted: the PDF needs a password/,
    );
  });

  it('refuses an image-only PDF as empty, saying it has no text layer', async () => {
    const error = await parser.parse(await imageOnlyPdf(), 'scan.pdf').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmptyDocument);
    expect((error as EmptyDocument).message).toMatch(
      /scan\.pdf: no text to index: none of its 1 page\(s\) has a text layer/,
    );
    expect((error as EmptyDocument).retryable).toBe(false);
  });

  it('refuses noise behind a PDF header as corrupt, and the next file still parses', async () => {
    await expect(parser.parse(corruptPdf(), 'broken.pdf')).rejects.toThrow(CorruptDocument);

    const parsed = await parser.parse(await textPdf([['Still working after a broken file.']]), 'next.pdf');
    expect(parsed.text).toBe('Still working after a broken file.');
  });

  it('fails an extraction that takes longer than the timeout as timeout, naming the setting to raise', async () => {
    const impatient = new PdfTextExtractor({ maxThreads: 1, timeoutMs: 1, maxHeapMb: 256 });
    try {
      const pdf = await textPdf([['Some text that takes more than a millisecond to load pdf.js for.']]);
      const error = await new PdfParser(impatient, 'DOCUMENTS_PDF_TIMEOUT_MS')
        .parse(pdf, 'slow.pdf')
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ExtractionTimedOut);
      expect(error).not.toBeInstanceOf(CorruptDocument);
      expect((error as ExtractionTimedOut).reason).toBe('timeout');
      expect((error as ExtractionTimedOut).retryable).toBe(false);
      expect((error as ExtractionTimedOut).message).toBe(
        'slow.pdf: text extraction took over 1 ms (the limit set by DOCUMENTS_PDF_TIMEOUT_MS)',
      );
    } finally {
      await impatient.close();
    }
  });

  it('runs extractions in parallel up to its thread count and queues the rest', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4, 5].map((n) => textPdf([[`Document number ${n} of five.`]])));

    const texts = await Promise.all(pdfs.map((pdf, index) => parser.parse(pdf, `doc-${index}.pdf`)));

    expect(texts.map((parsed) => parsed.text)).toEqual([1, 2, 3, 4, 5].map((n) => `Document number ${n} of five.`));
  });
});
