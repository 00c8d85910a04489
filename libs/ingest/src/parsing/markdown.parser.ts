import type { DocumentParser, ParsedDocument } from './parsed-document';
import { normaliseNewlines } from './normalise-newlines';
import { decodeText } from './text-decoding';

/** A YAML front-matter block at the very start (`---` … `---`): metadata for a site generator, not prose. */
const FRONT_MATTER = /^---\n[\s\S]*?\n---\n/;

/**
 * Markdown (.md, .markdown): read as text, since `#` headings and blank-line paragraphs are already the
 * structure the chunker splits on; only the front matter is dropped (its title is kept).
 */
export class MarkdownParser implements DocumentParser {
  readonly format = 'markdown';

  parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    const { text, encoding } = decodeText(bytes, source);
    const normalised = normaliseNewlines(text);
    const frontMatter = FRONT_MATTER.exec(normalised)?.[0];
    const title = frontMatter ? /^title:\s*["']?(.+?)["']?\s*$/m.exec(frontMatter)?.[1] : undefined;
    return Promise.resolve({
      format: this.format,
      text: frontMatter ? normalised.slice(frontMatter.length) : normalised,
      encoding,
      title,
      warnings: [],
    });
  }
}
