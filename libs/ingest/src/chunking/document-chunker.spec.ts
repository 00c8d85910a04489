import { chunkDocument, chunkerFingerprint, CHUNKER_VERSION } from './document-chunker';
import { detectDocumentType } from './document-type';
import { topKeywords } from './keywords';

describe('chunkDocument', () => {
  it('labels every chunk with its position, offsets, document type and keywords', () => {
    const text = [
      '# Invoice 2024-118',
      'Invoice for the maintenance contract. Payment of the total amount within 30 days; VAT included in the price.',
      'The invoice amount is 1 200 euros. Payment by bank transfer to the account below.',
    ].join('\n\n');

    const chunks = chunkDocument({ format: 'txt', text, warnings: [] }, { chunkSize: 120, chunkOverlap: 0 });

    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, index) => {
      expect(chunk).toMatchObject({ index, total: chunks.length, documentType: 'financial' });
      expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.page).toBeUndefined();
    });
    expect(chunks[chunks.length - 1].keywords).toEqual(['invoice', 'amount', 'euros', 'payment', 'bank']);
  });

  it('gives PDF chunks the page they start and end on', () => {
    const page1 = 'First page text. '.repeat(8).trim();
    const page2 = 'Second page text. '.repeat(8).trim();
    const text = `${page1}\n\n${page2}`;
    const pages = [
      { page: 1, start: 0, end: page1.length },
      { page: 2, start: page1.length + 2, end: text.length },
    ];

    const chunks = chunkDocument({ format: 'pdf', text, pages, warnings: [] }, { chunkSize: 100, chunkOverlap: 20 });

    const pageRanges = chunks.map((chunk) => [chunk.page, chunk.pageEnd]);
    expect(pageRanges[0]).toEqual([1, 1]);
    expect(pageRanges).toContainEqual([1, 2]);
    expect(pageRanges[pageRanges.length - 1]).toEqual([2, 2]);
    for (const chunk of chunks) {
      expect(chunk.page).toBe(chunk.text.startsWith('First') ? 1 : 2);
      expect(chunk.pageEnd).toBe(chunk.text.endsWith('Second page text.') ? 2 : 1);
    }
  });

  it('names its version and options in the fingerprint', () => {
    expect(chunkerFingerprint({ chunkSize: 1000, chunkOverlap: 200 })).toBe(`${CHUNKER_VERSION}/1000/200`);
  });
});

describe('topKeywords', () => {
  it('counts words without stop words, short words or numbers, folding case and accents', () => {
    expect(topKeywords('Les données de la base : données, Données et base. Le serveur 2024 a la base.', 3)).toEqual([
      'donnees',
      'base',
      'serveur',
    ]);
  });
});

describe('detectDocumentType', () => {
  it('tells contracts, minutes and manuals apart, and falls back to general', () => {
    expect(detectDocumentType('This agreement binds the parties. Each party accepts the liability clause.')).toBe(
      'legal',
    );
    expect(detectDocumentType('Compte rendu de la réunion : ordre du jour, participants présents, décisions.')).toBe(
      'meeting',
    );
    expect(detectDocumentType('Step 1: install the software. Step 2: select the configuration, then click next.')).toBe(
      'procedure',
    );
    expect(detectDocumentType('The cat sat in the sun all afternoon, watching birds in the garden.')).toBe('general');
  });
});
