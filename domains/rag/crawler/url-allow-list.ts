/** A URL the crawler refused to fetch because it is outside the configured base URL. */
export class UrlOutsideBase extends Error {
  constructor(
    readonly url: string,
    readonly base: string,
  ) {
    super(`${url} is outside the documentation base URL ${base}: not fetched`);
    this.name = 'UrlOutsideBase';
  }
}

/**
 * The only URLs the crawler fetches: those under the configured base URL (same scheme, host and port, and a path
 * below the base's folder), plus that origin's /robots.txt for http(s).
 */
export class UrlAllowList {
  readonly base: URL;

  constructor(baseUrl: string) {
    const base = new URL(baseUrl);
    if (!['http:', 'https:', 'file:'].includes(base.protocol)) {
      throw new Error(`RAG base URL ${baseUrl}: only http:, https: and file: are supported`);
    }
    if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
    base.search = '';
    base.hash = '';
    this.base = base;
  }

  /** Resolves `page` (relative to the base) and checks it is a page under the base: throws UrlOutsideBase if not. */
  resolve(page: string): URL {
    const url = new URL(page, this.base);
    url.hash = '';
    if (!this.allowsPage(url)) throw new UrlOutsideBase(url.href, this.base.href);
    return url;
  }

  /** Throws UrlOutsideBase unless `url` is under the base (or is its origin's robots.txt). */
  check(url: URL): void {
    if (!this.allows(url)) throw new UrlOutsideBase(url.href, this.base.href);
  }

  /** Whether the crawler may send a request to `url`: a page under the base, or the base origin's robots.txt. */
  allows(url: URL): boolean {
    return this.allowsPage(url) || (this.sameOrigin(url) && url.protocol !== 'file:' && url.pathname === '/robots.txt');
  }

  /** Whether `url` is a page under the base (what a configured page or a redirect may point at). */
  allowsPage(url: URL): boolean {
    return this.sameOrigin(url) && url.pathname.startsWith(this.base.pathname);
  }

  private sameOrigin(url: URL): boolean {
    return url.protocol === this.base.protocol && url.host === this.base.host && !url.username && !url.password;
  }

  /** The page's path relative to the base (its identity in the index), e.g. `tutorial/inputoutput.html`. */
  pageOf(url: URL): string {
    return decodeURIComponent(url.pathname.slice(this.base.pathname.length));
  }
}
