/*
 * Gutenberg block markup: each block is its HTML between `<!-- wp:name {attributes} -->` comments, so WordPress's
 * block editor opens the page as editable blocks rather than one classic block. Text arguments are HTML: escape
 * data with `escapeHtml` before passing it in.
 */

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `<a href>` to an external page. */
export function link(href: string, textHtml: string): string {
  return `<a href="${escapeHtml(href)}">${textHtml}</a>`;
}

function block(name: string, html: string, attributes?: Record<string, unknown>): string {
  const json = attributes && Object.keys(attributes).length > 0 ? ` ${JSON.stringify(attributes)}` : '';
  return `<!-- wp:${name}${json} -->\n${html}\n<!-- /wp:${name} -->`;
}

export function heading(textHtml: string, level: 2 | 3 = 2): string {
  return block('heading', `<h${level} class="wp-block-heading">${textHtml}</h${level}>`, level === 2 ? {} : { level });
}

export function paragraph(html: string): string {
  return block('paragraph', `<p>${html}</p>`);
}

export function list(itemsHtml: string[]): string {
  const items = itemsHtml.map((item) => block('list-item', `<li>${item}</li>`)).join('\n');
  return block('list', `<ul class="wp-block-list">${items}</ul>`);
}

export function table(headerHtml: string[], rowsHtml: string[][]): string {
  const head = `<thead><tr>${headerHtml.map((cell) => `<th>${cell}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rowsHtml.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return block('table', `<figure class="wp-block-table"><table>${head}${body}</table></figure>`);
}

/** An image from another site (Commons), optionally linked and captioned. */
export function image(source: { src: string; alt: string; href?: string; captionHtml?: string }): string {
  const img = `<img src="${escapeHtml(source.src)}" alt="${escapeHtml(source.alt)}"/>`;
  const linked = source.href ? `<a href="${escapeHtml(source.href)}">${img}</a>` : img;
  const caption = source.captionHtml ? `<figcaption class="wp-element-caption">${source.captionHtml}</figcaption>` : '';
  return block('image', `<figure class="wp-block-image size-medium">${linked}${caption}</figure>`, {
    sizeSlug: 'medium',
    ...(source.href ? { linkDestination: 'custom' } : {}),
  });
}

/** Thumbnails as a gallery block of image blocks. */
export function gallery(imagesMarkup: string[]): string {
  return block(
    'gallery',
    `<figure class="wp-block-gallery has-nested-images columns-default is-cropped">\n${imagesMarkup.join('\n')}\n</figure>`,
    { linkTo: 'none' },
  );
}

/** Raw HTML the editor keeps as is (the JSON-LD script). */
export function html(markup: string): string {
  return block('html', markup);
}

export function separator(): string {
  return block('separator', '<hr class="wp-block-separator has-alpha-channel-opacity"/>');
}
