import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

/** Where Debian's python3-doc package installs the real documentation HTML (scripts/lib/setup.sh installs it). */
export const PYTHON_DOCS_HTML = '/usr/share/doc/python3/html';

/**
 * docs.python.org as the RAG crawler sees it, served from the python3-doc HTML under `/3/`: ETag and
 * Last-Modified on every page, 304 to a matching If-None-Match or If-Modified-Since, a robots.txt, redirects on
 * demand, and pages a test changes, removes or adds without touching the mirror on disk.
 */
export class PythonDocsFake extends FakeHttpServer {
  /** The robots.txt served (Python's real one disallows nothing under /3/). */
  robotsTxt = 'User-agent: *\nDisallow: /private/\n';
  /** Pages served instead of the mirror's file (a changed or an added page), by path under /3/. */
  readonly overrides = new Map<string, string>();
  /** Pages answered 404 (a removed page), by path under /3/. */
  readonly removed = new Set<string>();
  /** Redirects: a path under /3/ and the Location answered (301). */
  readonly redirects = new Map<string, string>();
  /** Answers that came back 304 Not Modified. */
  notModifiedCount = 0;

  constructor(private readonly root = PYTHON_DOCS_HTML) {
    super();
  }

  /** The base URL the crawler is configured with. */
  get docsUrl(): string {
    return `${this.url}/3/`;
  }

  protected async handle(request: RecordedRequest, response: ServerResponse): Promise<void> {
    if (request.path === '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(this.robotsTxt);
      return;
    }
    if (!request.path.startsWith('/3/')) {
      this.sendNotFound(response);
      return;
    }
    const page = request.path.slice('/3/'.length);
    const redirect = this.redirects.get(page);
    if (redirect) {
      response.writeHead(301, { location: redirect });
      response.end();
      return;
    }
    if (this.removed.has(page)) {
      this.sendNotFound(response);
      return;
    }
    const body = await this.bodyOf(page);
    if (!body) {
      this.sendNotFound(response);
      return;
    }
    const etag = `"${createHash('sha256').update(body.content).digest('hex').slice(0, 16)}"`;
    const lastModified = body.modified.toUTCString();
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    const unchanged =
      ifNoneMatch !== undefined
        ? ifNoneMatch === etag
        : ifModifiedSince !== undefined &&
          Date.parse(ifModifiedSince) >= Math.floor(body.modified.getTime() / 1000) * 1000;
    if (unchanged) {
      this.notModifiedCount += 1;
      response.writeHead(304, { etag, 'last-modified': lastModified });
      response.end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.content.length),
      etag,
      'last-modified': lastModified,
    });
    response.end(body.content);
  }

  private async bodyOf(page: string): Promise<{ content: Buffer; modified: Date } | null> {
    const override = this.overrides.get(page);
    if (override !== undefined) return { content: Buffer.from(override), modified: new Date() };
    const path = normalize(join(this.root, page));
    if (!path.startsWith(`${this.root}/`)) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { content: await readFile(path), modified: info.mtime };
  }
}
