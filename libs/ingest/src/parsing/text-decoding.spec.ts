import { latin1Text } from '../../../../test/fixtures/documents/document-files';
import { CorruptDocument } from '../ingest.errors';
import { decodeText } from './text-decoding';

describe('decodeText', () => {
  it('reads valid UTF-8 as UTF-8 and says so', () => {
    const decoded = decodeText(Buffer.from('Déjà vu — 5 €', 'utf8'), 'a.txt');

    expect(decoded).toEqual({
      text: 'Déjà vu — 5 €',
      encoding: { encoding: 'utf-8', reason: 'every byte sequence is valid UTF-8' },
    });
  });

  it('reads a Latin-1 file as Windows-1252 and records where UTF-8 failed', () => {
    const decoded = decodeText(latin1Text('Le garçon a mangé une crème brûlée.'), 'menu.txt');

    expect(decoded.text).toBe('Le garçon a mangé une crème brûlée.');
    expect(decoded.encoding.encoding).toBe('windows-1252');
    expect(decoded.encoding.reason).toBe('invalid UTF-8 at byte 6 (0xe7): read as Windows-1252 (Latin-1)');
  });

  it('maps the bytes Latin-1 leaves to control characters as Windows-1252 does (€, curly quotes)', () => {
    const decoded = decodeText(Buffer.from([0x93, 0x80, 0x20, 0x35, 0x94]), 'price.txt');

    expect(decoded.text).toBe('\u201c\u20ac 5\u201d');
  });

  it('follows a byte-order mark: UTF-8 and UTF-16', () => {
    expect(decodeText(Buffer.from('\uFEFFhello', 'utf8'), 'a.txt')).toEqual({
      text: 'hello',
      encoding: { encoding: 'utf-8', reason: 'UTF-8 byte-order mark' },
    });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ça', 'utf16le')]);
    expect(decodeText(utf16, 'b.txt').text).toBe('ça');
  });

  it('refuses binary content as corrupt', () => {
    const bytes = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200), Buffer.from('text')]);

    expect(() => decodeText(bytes, 'program.txt')).toThrow(CorruptDocument);
    expect(() => decodeText(bytes, 'program.txt')).toThrow(
      /program\.txt: unreadable: binary content \(200 NUL bytes\)/,
    );
  });
});
