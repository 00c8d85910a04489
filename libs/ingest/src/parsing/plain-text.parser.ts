import type { DocumentParser, ParsedDocument } from './parsed-document';
import { normaliseNewlines } from './normalise-newlines';
import { decodeText } from './text-decoding';

/** Plain text (.txt): UTF-8, else Windows-1252, with the decision in the result. */
export class PlainTextParser implements DocumentParser {
  readonly format = 'txt';

  parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    const { text, encoding } = decodeText(bytes, source);
    return Promise.resolve({ format: this.format, text: normaliseNewlines(text), encoding, warnings: [] });
  }
}
