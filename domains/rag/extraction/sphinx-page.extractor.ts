import { load, type CheerioAPI } from 'cheerio';
// domhandler is cheerio's node model; cheerio does not re-export its type guards.
import { isTag, isText, type AnyNode, type Element } from 'domhandler';

/** The indexable part of one documentation page. */
export interface ExtractedPage {
  /** The page's own title (its first heading, or <title> without the " — Python x.y documentation" suffix). */
  title: string;
  /** Breadcrumb titles from the documentation's root down to the page's parent (e.g. ["The Python Tutorial"]). */
  sectionPath: string[];
  /** The main content as Markdown: headings as `#`, code blocks fenced, lists as `-`. */
  markdown: string;
}

/** Containers of the main content, most specific first (Sphinx classic and pydoctheme, then generic HTML). */
const MAIN_SELECTORS = ['div.body[role="main"]', 'div[role="main"]', 'div.body', 'main', 'article', 'body'];

/** Chrome inside the main content that is not documentation. */
const DROPPED =
  'script, style, noscript, template, nav, header, footer, form, iframe, svg, a.headerlink, .headerlink, ' +
  '.related, .sphinxsidebar, .footer, .edit-this-page, .reportbug, [role="navigation"], [role="search"]';

/**
 * Extracts the main content of a Sphinx page as Markdown, with its title and section path. Written over cheerio
 * (already a dependency) rather than a general HTML-to-Markdown converter: Sphinx pages use a handful of elements,
 * and what matters for retrieval (headings, code, lists, prose) is kept.
 */
export function extractSphinxPage(html: string): ExtractedPage {
  const $ = load(html);
  const sectionPath = $('.related')
    .first()
    .find('li.nav-item')
    .not('.nav-item-this, .nav-item-0')
    .map((_, item) => normalizeSpace($(item).text().replace(/»/g, '')))
    .get()
    .filter((title) => title.length > 0);
  const main = MAIN_SELECTORS.map((selector) => $(selector).first()).find((candidate) => candidate.length > 0);
  if (!main) return { title: titleOf($), sectionPath, markdown: '' };
  main.find(DROPPED).remove();
  // "Edit this page" / "Show source" links are plain anchors in some themes.
  main
    .find('a')
    .filter((_, anchor) => /^(edit this page|show source)$/i.test($(anchor).text().trim()))
    .remove();
  const markdown = renderBlocks(main.contents().toArray())
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const heading = normalizeSpace(main.find('h1').first().text());
  return { title: heading || titleOf($), sectionPath, markdown };
}

function titleOf($: CheerioAPI): string {
  return normalizeSpace(
    $('title')
      .first()
      .text()
      .split(/\s[—–-]\s/)[0] ?? '',
  );
}

function renderBlocks(nodes: AnyNode[]): string {
  return nodes.map(renderBlock).join('');
}

function renderBlock(node: AnyNode): string {
  if (isText(node)) return normalizeSpace(node.data) ? collapse(node.data) : '';
  if (!isTag(node)) return '';
  const name = node.name.toLowerCase();
  const heading = /^h([1-6])$/.exec(name);
  if (heading) return `\n\n${'#'.repeat(Number(heading[1]))} ${normalizeSpace(renderInline(node.children))}\n\n`;
  if (name === 'pre') return `\n\n\`\`\`${languageOf(node)}\n${textOf(node).replace(/\n+$/, '')}\n\`\`\`\n\n`;
  if (name === 'p' || name === 'dt') return `\n\n${normalizeSpace(renderInline(node.children))}\n\n`;
  if (name === 'li')
    return `\n- ${normalizeSpace(renderInline(node.children.filter(isInlineLike)))}${nestedBlocks(node)}`;
  if (name === 'ul' || name === 'ol') return `\n${renderBlocks(node.children)}\n\n`;
  if (name === 'br') return '\n';
  if (name === 'code' || name === 'a' || name === 'span' || name === 'em' || name === 'strong') {
    return renderInline([node]);
  }
  return `${name === 'div' || name === 'section' ? '\n' : ''}${renderBlocks(node.children)}`;
}

/** Lists and code nested in a list item, rendered after the item's own text. */
function nestedBlocks(item: Element): string {
  const nested = item.children.filter((child) => !isInlineLike(child));
  return nested.length > 0 ? renderBlocks(nested) : '';
}

function isInlineLike(node: AnyNode): boolean {
  if (!isTag(node)) return true;
  return !['ul', 'ol', 'pre', 'div', 'table', 'dl'].includes(node.name.toLowerCase());
}

function renderInline(nodes: AnyNode[]): string {
  return nodes
    .map((node) => {
      if (isText(node)) return collapse(node.data);
      if (!isTag(node)) return '';
      const name = node.name.toLowerCase();
      if (name === 'code' || name === 'tt') return `\`${normalizeSpace(textOf(node))}\``;
      if (name === 'br') return ' ';
      if (name === 'p') return ` ${renderInline(node.children)} `;
      return renderInline(node.children);
    })
    .join('');
}

function languageOf(pre: Element): string {
  for (let node: Element | null = pre; node; node = isTag(node.parent as AnyNode) ? (node.parent as Element) : null) {
    // attribs is typed as if every attribute existed; a <div> without class has none.
    const classes = (node.attribs.class as string | undefined) ?? '';
    if (/highlight-(python3?|pycon|default|py)\b/.test(classes)) return 'python';
    const other = /highlight-([\w-]+)/.exec(classes);
    if (other && other[1] !== 'none' && other[1] !== 'text') return other[1];
  }
  return '';
}

function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!isTag(node)) return '';
  return node.children.map(textOf).join('');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
