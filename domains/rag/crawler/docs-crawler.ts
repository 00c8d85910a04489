import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RobotsRules } from './robots-rules';
import { UrlAllowList } from './url-allow-list';

/** How the crawler behaves towards the documentation site. Defaults are the polite ones the issue asks for. */
export interface DocsCrawlerOptions {
  /** `https://docs.python.org/3/`, or a `file:` mirror such as `file:///usr/share/doc/python3/html/`. */
  baseUrl: string;
  /** Sent on every request, robots.txt's group is chosen by its product token. */
  userAgent: string;
  /** Requests at once, at most 5 (default 5). */
  concurrency?: number;
  /** Minimum milliseconds between two request starts (default 100). */
  delayMs?: number;
  /** Milliseconds a request may take, body included (default 15 000). */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a network error (default 3). */
  retries?: number;
  /** First backoff in milliseconds, doubled on each retry (default 500); a Retry-After header replaces it. */
  backoffMs?: number;
  /** Longest wait a Retry-After may impose, in milliseconds (default 60 000). */
  maxRetryAfterMs?: number;
  /** Bytes a page may have; a longer one is refused (default 5 MiB). */
  maxPageBytes?: number;
}

/** The validators a page was last fetched with (sent back as If-None-Match / If-Modified-Since). */
export interface PageValidators {
  etag?: string | null;
  lastModified?: string | null;
}

/** What fetching one configured page gave. */
export type CrawledPage =
  | { page: string; outcome: 'fetched'; url: string; html: string; etag: string | null; lastModified: string | null }
  | { page: string; outcome: 'not-modified'; url: string }
  /** 404/410, a file absent from the mirror, robots.txt refusing it, or a redirect leaving the base URL. */
  | { page: string; outcome: 'unavailable'; url: string; reason: string };

/** A page that could not be fetched after every retry (the run should fail: the site is unwell, not the page). */
export class PageFetchFailed extends Error {
  constructor(
    readonly page: string,
    reason: string,
  ) {
    super(`Fetching ${page} failed: ${reason}`);
    this.name = 'PageFetchFailed';
  }
}

const MAX_CONCURRENCY = 5;
const MAX_REDIRECTS = 5;

/**
 * Fetches the configured pages of a documentation site politely: at most 5 requests at once, spaced by a delay,
 * each with a timeout, retried with exponential backoff on 429/5xx (honouring Retry-After), robots.txt obeyed,
 * conditional requests so an unchanged page costs a 304, redirects followed only inside the base URL, and a size
 * limit per page. Every outgoing URL goes through the allow-list built from the base URL.
 */
export class DocsCrawler {
  readonly allowList: UrlAllowList;
  private readonly concurrency: number;
  private readonly delayMs: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxPageBytes: number;
  private robots: Promise<RobotsRules> | null = null;
  private nextStartAt = 0;
  /** Requests sent over the network (a file: mirror sends none), for the bench and the tests. */
  requestsSent = 0;

  constructor(private readonly options: DocsCrawlerOptions) {
    this.allowList = new UrlAllowList(options.baseUrl);
    this.concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, options.concurrency ?? MAX_CONCURRENCY));
    this.delayMs = Math.max(0, options.delayMs ?? 100);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = Math.max(0, options.retries ?? 3);
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.maxPageBytes = options.maxPageBytes ?? 5 * 1024 * 1024;
  }

  /** Fetches every page (paths relative to the base URL), in order of the list, `concurrency` at a time. */
  async crawl(
    pages: readonly string[],
    validators: ReadonlyMap<string, PageValidators> = new Map(),
  ): Promise<CrawledPage[]> {
    const results: CrawledPage[] = new Array<CrawledPage>(pages.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < pages.length) {
        const index = next;
        next += 1;
        const page = pages[index];
        results[index] = await this.fetchPage(page, validators.get(page) ?? {});
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, pages.length) }, lane));
    return results;
  }

  /** Fetches one page, conditionally when validators are given. */
  async fetchPage(page: string, validators: PageValidators = {}): Promise<CrawledPage> {
    const url = this.allowList.resolve(page);
    if (url.protocol === 'file:') return this.readMirrorFile(page, url, validators);
    const robots = await this.robotsRules(url);
    if (!robots.allows(url.pathname + url.search)) {
      return { page, outcome: 'unavailable', url: url.href, reason: 'disallowed by robots.txt' };
    }
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const response = await this.request(page, current, validators);
      if (response.status === 304) return { page, outcome: 'not-modified', url: current.href };
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw new PageFetchFailed(page, `${response.status} without a Location`);
        const target = new URL(location, current);
        target.hash = '';
        if (!this.allowList.allowsPage(target) || !robots.allows(target.pathname + target.search)) {
          return {
            page,
            outcome: 'unavailable',
            url: current.href,
            reason: `redirected outside the base URL to ${target.href}`,
          };
        }
        current = target;
        continue;
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return { page, outcome: 'unavailable', url: current.href, reason: `HTTP ${response.status}` };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new PageFetchFailed(page, `HTTP ${response.status}`);
      }
      const html = await this.readBody(page, response);
      return {
        page,
        outcome: 'fetched',
        url: current.href,
        html,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
    }
    throw new PageFetchFailed(page, `more than ${MAX_REDIRECTS} redirects`);
  }

  /** One request with the politeness spacing, timeout and retries; redirects are returned, not followed. */
  private async request(page: string, url: URL, validators: PageValidators): Promise<Response> {
    this.allowList.check(url);
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: 'text/html' };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    let lastError = '';
    for (let attempt = 0; attempt <= this.retries; attempt += 1) {
      await this.waitForTurn();
      this.requestsSent += 1;
      let response: Response;
      try {
        response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (attempt < this.retries) await sleep(this.backoffMs * 2 ** attempt);
        continue;
      }
      if (response.status !== 429 && response.status < 500) return response;
      await response.body?.cancel();
      lastError = `HTTP ${response.status}`;
      if (attempt < this.retries) await sleep(this.retryDelay(response.headers.get('retry-after'), attempt));
    }
    throw new PageFetchFailed(page, `${lastError} after ${this.retries + 1} attempts`);
  }

  private retryDelay(retryAfter: string | null, attempt: number): number {
    const backoff = this.backoffMs * 2 ** attempt;
    if (!retryAfter) return backoff;
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    return Number.isFinite(wait) ? Math.min(this.maxRetryAfterMs, Math.max(0, wait)) : backoff;
  }

  /** Spaces request starts by delayMs across every lane. */
  private async waitForTurn(): Promise<void> {
    const now = Date.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + this.delayMs;
    if (startAt > now) await sleep(startAt - now);
  }

  private async readBody(page: string, response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > this.maxPageBytes) {
      await response.body?.cancel();
      throw new PageFetchFailed(page, `${declared} bytes, more than the ${this.maxPageBytes} allowed`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > this.maxPageBytes)
          throw new PageFetchFailed(page, `more than the ${this.maxPageBytes} bytes allowed`);
        chunks.push(chunk);
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private robotsRules(url: URL): Promise<RobotsRules> {
    this.robots ??= this.loadRobots(new URL('/robots.txt', url));
    return this.robots;
  }

  private async loadRobots(url: URL): Promise<RobotsRules> {
    const response = await this.request('robots.txt', url, {});
    if (response.ok) return RobotsRules.parse(await this.readBody('robots.txt', response), this.options.userAgent);
    await response.body?.cancel();
    // RFC 9309 §2.3.1.3: an unavailable robots.txt (4xx, redirects not followed here) means no restriction.
    return RobotsRules.allowAll();
  }

  private async readMirrorFile(page: string, url: URL, validators: PageValidators): Promise<CrawledPage> {
    const path = fileURLToPath(url);
    const info = await stat(path).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw error;
    });
    if (!info?.isFile()) return { page, outcome: 'unavailable', url: url.href, reason: 'not in the mirror' };
    if (info.size > this.maxPageBytes) {
      throw new PageFetchFailed(page, `${info.size} bytes, more than the ${this.maxPageBytes} allowed`);
    }
    const lastModified = info.mtime.toUTCString();
    if (validators.lastModified === lastModified) return { page, outcome: 'not-modified', url: url.href };
    return { page, outcome: 'fetched', url: url.href, html: await readFile(path, 'utf8'), etag: null, lastModified };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
