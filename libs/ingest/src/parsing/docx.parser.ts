import { load } from 'cheerio';
import mammoth from 'mammoth';
import { CorruptDocument, EmptyDocument, EncryptedDocument } from '../ingest.errors';
import { htmlToBlocks } from './html-blocks';
import type { DocumentParser, ParsedDocument } from './parsed-document';
import { zipInflatedSize } from './zip-inflated-size';

/** OLE compound file signature: an encrypted OOXML file, or a Word 97–2003 .doc renamed .docx. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The stream an encrypted OOXML package holds, as its UTF-16 directory entry spells it. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
/** A DOCX inflating to more than this is refused: mammoth holds the whole package in memory. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/**
 * Word documents (.docx) through mammoth, converted to HTML so that headings, lists and tables keep their
 * structure for the chunker. Images are skipped (never inflated into data URIs); external files never read.
 */
export class DocxParser implements DocumentParser {
  readonly format = 'docx';

  async parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    if (bytes.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
      if (bytes.includes(ENCRYPTION_INFO)) {
        throw new EncryptedDocument(source, 'password-protected Word document (an encrypted OLE package)');
      }
      throw new CorruptDocument(source, 'a Word 97–2003 document (.doc, OLE format), not .docx: save it as .docx');
    }
    const inflated = zipInflatedSize(bytes);
    if (inflated === null) throw new CorruptDocument(source, 'not a ZIP package, which every .docx is');
    if (inflated > MAX_INFLATED_BYTES) {
      throw new CorruptDocument(source, `inflates to ${inflated} bytes, over ${MAX_INFLATED_BYTES} (a zip bomb?)`);
    }
    let result: { value: string; messages: { type: string; message: string }[] };
    try {
      result = await mammoth.convertToHtml(
        { buffer: bytes },
        {
          convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
          externalFileAccess: false,
        },
      );
    } catch (error) {
      throw new CorruptDocument(source, `mammoth could not read it: ${describe(error)}`, { cause: error });
    }
    const $ = load(result.value);
    const text = htmlToBlocks($, $.root()[0]);
    if (text.trim() === '') throw new EmptyDocument(source, 'the Word document has no text (only images or nothing)');
    return {
      format: this.format,
      text,
      title: $('h1').first().text().trim() || undefined,
      warnings: result.messages.map((message) => `${message.type}: ${message.message}`),
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
