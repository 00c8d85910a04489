import type { CheerioAPI } from 'cheerio';
// domhandler is cheerio's node model; cheerio does not re-export its type guards.
import { isDocument, isTag, isText, type AnyNode } from 'domhandler';

/** Elements whose content is never prose to index. */
const NEVER_TEXT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'button',
  'select',
  'textarea',
  'input',
  'head',
]);

/** Elements that start a new block: their text does not run into their neighbours'. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'ul',
]);

/**
 * The text of an HTML element as the chunker expects it: one block per paragraph, list item or table row,
 * separated by a blank line; headings as `#` lines (one `#` per level); list items as `- ` lines; table cells
 * joined with ` | `; `<pre>` kept verbatim. Used for HTML pages and for DOCX (which mammoth turns into HTML).
 */
export function htmlToBlocks($: CheerioAPI, root: AnyNode): string {
  const blocks: string[] = [];
  let inline = '';
  let prefix = '';
  const flush = (): void => {
    const text = collapse(inline);
    if (text) blocks.push(prefix + text);
    inline = '';
    prefix = '';
  };
  const walk = (node: AnyNode): void => {
    if (isText(node)) {
      inline += node.data;
      return;
    }
    if (isDocument(node)) {
      for (const child of node.children) walk(child);
      return;
    }
    if (!isTag(node)) return;
    const element = node;
    const tag = element.name.toLowerCase();
    if (NEVER_TEXT.has(tag)) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flush();
      const text = collapse($(element).text());
      if (text) blocks.push(`${'#'.repeat(Number(heading[1]))} ${text}`);
      return;
    }
    if (tag === 'br') {
      inline += ' ';
      return;
    }
    if (tag === 'pre') {
      flush();
      const text = $(element).text().replace(/\s+$/, '').replace(/^\n+/, '');
      if (text.trim()) blocks.push(text);
      return;
    }
    if (tag === 'tr') {
      flush();
      const cells = $(element)
        .children('td, th')
        .toArray()
        .map((cell) => collapse($(cell).text()))
        .filter((cell) => cell !== '');
      if (cells.length > 0) blocks.push(cells.join(' | '));
      return;
    }
    if (tag === 'li') {
      flush();
      prefix = '- ';
      for (const child of element.children) walk(child);
      flush();
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of element.children) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks.join('\n\n');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
