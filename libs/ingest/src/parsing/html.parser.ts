import { loadBuffer } from 'cheerio';
import type { DocumentParser, ParsedDocument } from './parsed-document';
import { htmlToBlocks } from './html-blocks';
import { refuseBinary } from './text-decoding';

/** Page furniture around the content: menus, sidebars, forms, cookie banners. */
const FURNITURE =
  'nav, aside, form, dialog, [role=navigation], [role=complementary], [role=search], [hidden], [aria-hidden=true]';

/** Where a page says its content is, most explicit first. */
const CONTENT_ROOTS = ['main', '[role=main]', 'article'];

/**
 * HTML (.html, .htm): the main content only. The page's <main> (or role=main, or its single <article>) when it
 * has one; else <body> without the site's header and footer. Menus, sidebars, forms, scripts and styles never
 * count. The encoding comes from the BOM, <meta charset> or the http-equiv header, as a browser reads it.
 */
export class HtmlParser implements DocumentParser {
  readonly format = 'html';

  parse(bytes: Buffer, source: string): Promise<ParsedDocument> {
    refuseBinary(bytes, source);
    const $ = loadBuffer(bytes);
    const title = $('head > title').first().text().trim() || $('h1').first().text().trim() || undefined;
    $(FURNITURE).remove();
    const root = CONTENT_ROOTS.map((selector) => $(selector))
      .find((found) => found.length === 1)
      ?.get(0);
    if (!root) {
      // The site's banner and footer, but not an article's own header and footer.
      $('header, footer')
        .filter((_index, element) => $(element).parents('article, main, section').length === 0)
        .remove();
    }
    const text = htmlToBlocks($, root ?? $('body').get(0) ?? $.root()[0]);
    return Promise.resolve({ format: this.format, text, title, warnings: [] });
  }
}
