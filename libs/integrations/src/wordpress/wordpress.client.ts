import { excerpt, HttpClient, HttpResponse } from '../http/http.client';
import { redactedUrl } from '../http/redacted-url';
import { ClientHttpOptions, httpSettingsOf } from '../http/http-settings';
import { RequestContext } from '../http/request-context';
import { WordPressError } from './wordpress.error';
import {
  WordPressContent,
  WordPressContentInput,
  WordPressContentType,
  WordPressMedia,
  WordPressMediaInput,
  WordPressUpsertResult,
  WordPressUser,
} from './wordpress.types';

export interface WordPressClientOptions extends ClientHttpOptions {
  /** Site URL (https://example.org) or its REST root (https://example.org/wp-json). */
  url: string;
  username: string;
  /** Application password (Users → Profile → Application Passwords); spaces are allowed. */
  appPassword: string;
  contentType: WordPressContentType;
}

interface RawContent {
  id: number;
  slug: string;
  status: string;
  type: string;
  link: string;
}

interface RawMedia {
  id: number;
  source_url: string;
  link: string;
}

/** WordPress REST (wp/v2) client with application-password basic auth; pages are upserted by slug. */
export class WordPressClient {
  private readonly http: HttpClient;
  private readonly restBase: string;
  private readonly authorization: string;

  constructor(readonly options: WordPressClientOptions) {
    this.http = new HttpClient(httpSettingsOf('WordPress', options));
    const root = options.url.replace(/\/+$/, '');
    this.restBase = /\/wp-json$/.test(root)
      ? `${root}/wp/v2`
      : /\/wp-json\/wp\/v2$/.test(root)
        ? root
        : `${root}/wp-json/wp/v2`;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.appPassword}`).toString('base64')}`;
  }

  /** Checks the credentials (GET /users/me). */
  async currentUser(ctx: RequestContext = {}): Promise<WordPressUser> {
    const user = await this.call<{ id: number; name: string; slug: string }>(
      'GET',
      '/users/me?context=edit',
      undefined,
      ctx,
    );
    return { id: user.id, name: user.name, slug: user.slug };
  }

  /** The page/post with this slug in any status, or null. */
  async findBySlug(
    type: WordPressContentType,
    slug: string,
    ctx: RequestContext = {},
  ): Promise<WordPressContent | null> {
    const wanted = normaliseSlug(slug);
    const query = new URLSearchParams({ slug: wanted, status: 'any', context: 'edit', per_page: '10' });
    const found = await this.call<WordPressContent[]>('GET', `/${type}?${query.toString()}`, undefined, ctx);
    return found.find((item) => item.slug === wanted) ?? null;
  }

  /** Creates the page/post, or updates the one that already has this slug. */
  async upsertBySlug(input: WordPressContentInput, ctx: RequestContext = {}): Promise<WordPressUpsertResult> {
    const type = input.type ?? this.options.contentType;
    const existing = await this.findBySlug(type, input.slug, ctx);
    const fields: Record<string, unknown> = {
      slug: normaliseSlug(input.slug),
      title: input.title,
      content: input.content,
      status: input.keepPublished && existing?.status === 'publish' ? 'publish' : input.status,
    };
    if (input.excerpt !== undefined) fields.excerpt = input.excerpt;
    if (input.meta !== undefined) fields.meta = input.meta;
    if (input.featuredMedia !== undefined) fields.featured_media = input.featuredMedia;
    // An update is idempotent and may be retried; a create may not (a retried create would add a "-2" twin).
    const saved = existing
      ? await this.call<RawContent>('POST', `/${type}/${existing.id}`, { json: fields }, ctx)
      : await this.call<RawContent>('POST', `/${type}`, { json: fields, retry: false }, ctx);
    return { id: saved.id, link: saved.link, status: saved.status, slug: saved.slug, type, created: !existing };
  }

  /** Uploads a file to the media library. */
  async uploadMedia(input: WordPressMediaInput, ctx: RequestContext = {}): Promise<WordPressMedia> {
    const query = new URLSearchParams();
    if (input.title !== undefined) query.set('title', input.title);
    if (input.altText !== undefined) query.set('alt_text', input.altText);
    if (input.caption !== undefined) query.set('caption', input.caption);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    const media = await this.call<RawMedia>(
      'POST',
      `/media${suffix}`,
      {
        raw: input.bytes,
        headers: {
          'content-type': input.contentType,
          'content-disposition': `attachment; filename="${asciiFileName(input.fileName)}"; filename*=UTF-8''${encodeURIComponent(input.fileName)}`,
        },
        retry: false,
      },
      ctx,
    );
    return { id: media.id, sourceUrl: media.source_url, link: media.link };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    payload: { json?: unknown; raw?: Buffer; headers?: Record<string, string>; retry?: boolean } | undefined,
    ctx: RequestContext,
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: this.authorization, ...payload?.headers };
    let body: string | Buffer | undefined;
    if (payload?.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(payload.json);
    } else if (payload?.raw) {
      body = payload.raw;
    }
    const { data } = await this.http.json<T>(
      {
        method,
        url: `${this.restBase}${path}`,
        headers,
        body,
        retry: payload?.retry,
        mapError: (answer) => wordPressError(answer, method),
      },
      ctx,
    );
    return data;
  }
}

/** WordPress's {code, message} error body as a WordPressError; undefined when the body is not one (a proxy page). */
function wordPressError(response: HttpResponse, method: string): WordPressError | undefined {
  if (response.status >= 500 || response.status === 429) return undefined;
  let code = `http_${response.status}`;
  let message = excerpt(response.body, 200);
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === 'string') code = parsed.code;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch (_notJson) {
    // Not WordPress's JSON (a web server's error page): keep the excerpt.
  }
  return new WordPressError(response.status, code, message, `${method} ${redactedUrl(response.url)}`);
}

/** WordPress stores slugs lower-cased ("Q296-fr" becomes "q296-fr"): ask and compare in that form. */
function normaliseSlug(slug: string): string {
  return slug.trim().toLowerCase();
}

function asciiFileName(fileName: string): string {
  return fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
}
