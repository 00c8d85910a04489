import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { backoffDelay, sleep } from '../http/backoff';
import { HttpClient, parseJson } from '../http/http.client';
import { HttpStatusError, UnexpectedResponseError } from '../http/integration.errors';
import { parseRetryAfter } from '../http/retry-after';
import { DeltaResyncRequired } from './delta-resync-required.error';
import { GraphTokenProvider } from './graph-token.provider';
import type { DriveItem, DriveItemPage, GraphClientSettings } from './graph.types';

const SERVICE = 'Microsoft Graph';

/**
 * Microsoft Graph's drives, read with an application token: folder children and delta queries page by page
 * (following `@odata.nextLink`), and file contents streamed. 429 and 503 are retried after their Retry-After
 * (Graph's throttling answer), other 5xx and network errors with backoff.
 */
export class GraphClient {
  private readonly http: HttpClient;
  private readonly tokens: GraphTokenProvider;

  constructor(private readonly settings: GraphClientSettings) {
    this.http = new HttpClient({
      service: SERVICE,
      userAgent: settings.userAgent,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
    this.tokens = new GraphTokenProvider(settings, this.http);
  }

  /** Every child of a folder (`root` or an item id), all pages. */
  async children(driveId: string, folderId: string, signal?: AbortSignal): Promise<DriveItem[]> {
    const first =
      folderId === 'root'
        ? `${this.drive(driveId)}/root/children`
        : `${this.drive(driveId)}/items/${encodeURIComponent(folderId)}/children`;
    const items: DriveItem[] = [];
    for (let url: string | undefined = `${first}?$top=200`; url;) {
      const page = await this.page(url, signal);
      items.push(...page.value);
      url = page['@odata.nextLink'];
    }
    return items;
  }

  /** The item at a path of the drive (`/Clients/ACME`). */
  async itemAtPath(driveId: string, path: string, signal?: AbortSignal): Promise<DriveItem> {
    const encoded = path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
    const url = encoded ? `${this.drive(driveId)}/root:/${encoded}` : `${this.drive(driveId)}/root`;
    return parseJson<DriveItem>(SERVICE, await this.http.send({ url, headers: await this.auth() }, { signal }));
  }

  /** One item by id, with `parentReference.path` (which delta answers leave out). */
  async item(driveId: string, itemId: string, signal?: AbortSignal): Promise<DriveItem> {
    const url = `${this.drive(driveId)}/items/${encodeURIComponent(itemId)}`;
    return parseJson<DriveItem>(SERVICE, await this.http.send({ url, headers: await this.auth() }, { signal }));
  }

  /**
   * The drive's changes since `deltaLink`, all pages (`@odata.nextLink`), and the `@odata.deltaLink` to ask from
   * next time. Items come without `parentReference.path`; deleted ones with `deleted` set. Throws
   * DeltaResyncRequired when Graph answers 410 (the link expired: list everything again).
   */
  async delta(deltaLink: string, signal?: AbortSignal): Promise<{ items: DriveItem[]; deltaLink: string }> {
    const items: DriveItem[] = [];
    let url: string | undefined = deltaLink;
    while (url) {
      const page = await this.deltaPage(url, signal);
      items.push(...page.value);
      if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] };
      url = page['@odata.nextLink'];
    }
    throw new UnexpectedResponseError(SERVICE, 'a delta query ended without @odata.deltaLink');
  }

  /**
   * A delta link for the drive as it is now (`?token=latest`: no items), taken before a full listing so that
   * whatever changes during the listing is seen the next time.
   */
  async latestDeltaLink(driveId: string, signal?: AbortSignal): Promise<string> {
    const { deltaLink } = await this.delta(`${this.drive(driveId)}/root/delta?token=latest`, signal);
    return deltaLink;
  }

  /**
   * The file's bytes as a stream (Graph answers `/content` with a redirect to a pre-authenticated URL, which
   * fetch follows without the Authorization header). Throttling before the first byte is retried here.
   */
  async download(driveId: string, itemId: string, signal?: AbortSignal): Promise<Readable> {
    const url = `${this.drive(driveId)}/items/${encodeURIComponent(itemId)}/content`;
    for (let retry = 0; ; retry += 1) {
      const response = await fetch(url, {
        headers: { ...(await this.auth()), 'user-agent': this.settings.userAgent },
        redirect: 'follow',
        signal,
      });
      if (response.ok && response.body) return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      const retryable = response.status === 429 || response.status >= 500;
      const body = await response.text();
      if (!retryable || retry >= this.settings.maxRetries)
        throw new HttpStatusError(SERVICE, response.status, url, 'GET', body.slice(0, 300), 'download failed');
      const wait = parseRetryAfter(response.headers.get('retry-after')) ?? backoffDelay(retry, 500, 30_000);
      await sleep(Math.min(wait, this.http.maxRetryAfterMs), signal);
    }
  }

  private async page(url: string, signal?: AbortSignal): Promise<DriveItemPage> {
    return parseJson<DriveItemPage>(SERVICE, await this.http.send({ url, headers: await this.auth() }, { signal }));
  }

  private async deltaPage(url: string, signal?: AbortSignal): Promise<DriveItemPage> {
    // A stored link is sent the bearer token: it must lead to the configured Graph, nowhere else.
    if (!url.startsWith(`${this.settings.apiUrl}/`))
      throw new UnexpectedResponseError(SERVICE, `a delta link outside ${this.settings.apiUrl} was not followed`);
    const response = await this.http.send({ url, headers: await this.auth(), acceptStatuses: [410] }, { signal });
    if (response.status === 410) {
      const answer = parseJson<{ error?: { code?: string } }>(SERVICE, response);
      throw new DeltaResyncRequired(answer.error?.code ?? 'resyncRequired');
    }
    return parseJson<DriveItemPage>(SERVICE, response);
  }

  private async auth(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.tokens.token()}` };
  }

  private drive(driveId: string): string {
    return `${this.settings.apiUrl}/drives/${encodeURIComponent(driveId)}`;
  }
}
