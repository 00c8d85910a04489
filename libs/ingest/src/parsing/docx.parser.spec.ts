import { randomBytes } from 'node:crypto';
import { wordDocument } from '../../../../test/fixtures/documents/document-files';
import { CorruptDocument, EmptyDocument, EncryptedDocument } from '../ingest.errors';
import { DocxParser } from './docx.parser';

describe('DocxParser', () => {
  const parser = new DocxParser();

  it('reads a Word document with its headings as # lines and paragraphs as blocks', async () => {
    const docx = await wordDocument([
      { heading: 1, text: 'Maintenance manual' },
      'Check the pump every week.',
      { heading: 2, text: 'Filters' },
      'Replace the filter when the pressure drops below 2 bar.',
    ]);

    const parsed = await parser.parse(docx, 'manual.docx');

    expect(parsed).toMatchObject({ format: 'docx', title: 'Maintenance manual' });
    expect(parsed.text).toBe(
      '# Maintenance manual\n\nCheck the pump every week.\n\n## Filters\n\nReplace the filter when the pressure drops below 2 bar.',
    );
  });

  it('refuses a document with no text as empty', async () => {
    await expect(parser.parse(await wordDocument(['', '  ']), 'blank.docx')).rejects.toThrow(EmptyDocument);
  });

  it('refuses a file that is no ZIP package, and a ZIP without a Word document, as corrupt', async () => {
    await expect(parser.parse(randomBytes(4096), 'noise.docx')).rejects.toThrow(
      /noise\.docx: unreadable: not a ZIP package/,
    );
    const docx = await wordDocument(['Some text long enough.']);
    // A ZIP whose entries are renamed: the package holds no word/document.xml any more.
    const renamed = Buffer.from(docx.toString('latin1').replaceAll('word/document.xml', 'word/documenX.xml'), 'latin1');
    await expect(parser.parse(renamed, 'renamed.docx')).rejects.toThrow(CorruptDocument);
  });

  it('tells an encrypted Word file from a legacy .doc (both are OLE containers)', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = Buffer.concat([
      ole,
      Buffer.alloc(512),
      Buffer.from('EncryptionInfo', 'utf16le'),
      Buffer.alloc(512),
    ]);
    const legacy = Buffer.concat([ole, Buffer.alloc(512), Buffer.from('WordDocument', 'utf16le'), Buffer.alloc(512)]);

    await expect(parser.parse(encrypted, 'secret.docx')).rejects.toThrow(EncryptedDocument);
    await expect(parser.parse(legacy, 'old.docx')).rejects.toThrow(/Word 97–2003 document/);
  });
});
