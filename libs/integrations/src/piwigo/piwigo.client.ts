import { HttpClient, parseJson } from '../http/http.client';
import { AuthenticationError, UnexpectedResponseError } from '../http/integration.errors';
import { ClientHttpOptions, httpSettingsOf } from '../http/http-settings';
import { RequestContext } from '../http/request-context';
import { CookieJar } from './cookie-jar';
import { PiwigoEnvelope, RawPiwigoCategory, RawPiwigoImage, RawPiwigoStatus } from './piwigo-envelope';
import { PiwigoError } from './piwigo.error';
import {
  PiwigoAddedImage,
  PiwigoAddSimpleOptions,
  PiwigoCategory,
  PiwigoEnsuredCategory,
  PiwigoImage,
  PiwigoImageFile,
} from './piwigo.types';

export interface PiwigoClientOptions extends ClientHttpOptions {
  /** Gallery root (https://example.org/piwigo); ws.php is appended. */
  url: string;
  username: string;
  password: string;
}

const SERVICE = 'Piwigo';
/** Piwigo's error for a call without (or with an expired) session. */
const ACCESS_DENIED = 401;
const IMAGE_PAGE_SIZE = 500;
/** Piwigo errors arrive with their code as HTTP status (401, 403, 404, 405, 501): read them as envelopes. */
const ENVELOPE_STATUSES = [400, 401, 403, 404, 405, 501];

type Params = Record<string, string | number | boolean | (string | number)[] | undefined>;

/** Piwigo web API (ws.php?format=json) client: cookie session, pwg_token, albums and simple uploads. */
export class PiwigoClient {
  private readonly http: HttpClient;
  private readonly endpoint: string;
  private readonly cookies = new CookieJar();
  private token: string | null = null;
  private loggingIn: Promise<void> | null = null;

  constructor(readonly options: PiwigoClientOptions) {
    this.http = new HttpClient(httpSettingsOf(SERVICE, options));
    this.endpoint = `${options.url.replace(/\/+$/, '').replace(/\/ws\.php$/, '')}/ws.php`;
  }

  /** Opens a session (pwg.session.login) and reads its pwg_token; later calls log in by themselves when needed. */
  async login(ctx: RequestContext = {}): Promise<void> {
    // Concurrent callers that find no session share one login.
    this.loggingIn ??= this.openSession(ctx).finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  /** Albums directly under parentId (root when null), or the whole subtree when recursive. */
  async getCategories(
    options: { parentId?: number | null; recursive?: boolean } = {},
    ctx: RequestContext = {},
  ): Promise<PiwigoCategory[]> {
    const parentId = options.parentId ?? null;
    const result = await this.call<{ categories: RawPiwigoCategory[] }>(
      'pwg.categories.getList',
      { cat_id: parentId ?? undefined, recursive: options.recursive ?? false, fullname: false },
      ctx,
    );
    const categories = result.categories.map(toCategory);
    // Piwigo lists the album asked for along with its children: keep the children.
    return options.recursive
      ? categories.filter((category) => category.id !== parentId)
      : categories.filter((category) => category.parentId === parentId);
  }

  /** The album named `name` directly under parentId, created if absent. */
  async ensureCategory(
    name: string,
    parentId: number | null,
    ctx: RequestContext = {},
  ): Promise<PiwigoEnsuredCategory> {
    const wanted = name.trim();
    const existing = (await this.getCategories({ parentId }, ctx)).find((category) => category.name.trim() === wanted);
    if (existing) return { id: existing.id, name: existing.name, created: false };
    const added = await this.call<{ id: number | string }>(
      'pwg.categories.add',
      { name: wanted, parent: parentId ?? undefined },
      ctx,
      { write: true, retry: false },
    );
    return { id: Number(added.id), name: wanted, created: true };
  }

  /** Sets an album's comment (and name if given) with pwg.categories.setInfo. */
  async setCategoryInfo(
    categoryId: number,
    info: { name?: string; comment?: string },
    ctx: RequestContext = {},
  ): Promise<void> {
    await this.call<unknown>(
      'pwg.categories.setInfo',
      { category_id: categoryId, name: info.name, comment: info.comment },
      ctx,
      {
        write: true,
      },
    );
  }

  /** Images directly in an album (all pages of pwg.categories.getImages). */
  async getCategoryImages(categoryId: number, ctx: RequestContext = {}): Promise<PiwigoImage[]> {
    const images: PiwigoImage[] = [];
    for (let page = 0; ; page += 1) {
      const result = await this.call<{ images: RawPiwigoImage[] }>(
        'pwg.categories.getImages',
        { cat_id: categoryId, per_page: IMAGE_PAGE_SIZE, page, recursive: false },
        ctx,
      );
      images.push(...result.images.map(toImage));
      if (result.images.length < IMAGE_PAGE_SIZE) return images;
    }
  }

  /** The image, or null when Piwigo no longer has it (pwg.images.getInfo). */
  async getImage(imageId: number, ctx: RequestContext = {}): Promise<PiwigoImage | null> {
    try {
      return toImage(await this.call<RawPiwigoImage>('pwg.images.getInfo', { image_id: imageId }, ctx));
    } catch (error) {
      if (error instanceof PiwigoError && error.err === 404) return null;
      throw error;
    }
  }

  /** Uploads one image into an album with pwg.images.addSimple (multipart). */
  async addSimple(
    file: PiwigoImageFile,
    options: PiwigoAddSimpleOptions,
    ctx: RequestContext = {},
  ): Promise<PiwigoAddedImage> {
    const result = await this.call<{ image_id: number | string; url?: string }>(
      'pwg.images.addSimple',
      {
        category: options.category,
        name: options.name,
        comment: options.comment,
        author: options.author,
        tags: options.tags?.join(','),
      },
      ctx,
      { write: true, retry: false, file },
    );
    return { imageId: Number(result.image_id), url: result.url ?? null };
  }

  /** Public URL of an album page. */
  categoryUrl(categoryId: number): string {
    return `${this.options.url.replace(/\/+$/, '')}/index.php?/category/${categoryId}`;
  }

  /** Public URL of an image's page in its album. */
  pictureUrl(imageId: number, categoryId: number): string {
    return `${this.options.url.replace(/\/+$/, '')}/picture.php?/${imageId}/category/${categoryId}`;
  }

  private async openSession(ctx: RequestContext): Promise<void> {
    this.cookies.clear();
    this.token = null;
    try {
      await this.request<boolean>(
        'pwg.session.login',
        { username: this.options.username, password: this.options.password },
        ctx,
        {},
      );
    } catch (error) {
      if (error instanceof PiwigoError) {
        throw new AuthenticationError(
          SERVICE,
          `pwg.session.login for user "${this.options.username}": ${error.piwigoMessage}`,
        );
      }
      throw error;
    }
    const status = await this.request<RawPiwigoStatus>('pwg.session.getStatus', {}, ctx, {});
    if (status.username === 'guest' || !status.pwg_token) {
      throw new AuthenticationError(
        SERVICE,
        `the session of "${this.options.username}" did not hold (is the pwg_id cookie blocked?)`,
      );
    }
    this.token = status.pwg_token;
  }

  /** Calls a method with a session, logging in first or again when Piwigo answers 401 Access denied. */
  private async call<T>(
    method: string,
    params: Params,
    ctx: RequestContext,
    options: { write?: boolean; retry?: boolean; file?: PiwigoImageFile } = {},
  ): Promise<T> {
    if (this.token === null) await this.login(ctx);
    try {
      return await this.request<T>(method, params, ctx, options);
    } catch (error) {
      if (!(error instanceof PiwigoError) || error.err !== ACCESS_DENIED) throw error;
      // The session expired (or Piwigo restarted): one fresh login, then the call once more.
      this.token = null;
      await this.login(ctx);
      return this.request<T>(method, params, ctx, options);
    }
  }

  private async request<T>(
    method: string,
    params: Params,
    ctx: RequestContext,
    options: { write?: boolean; retry?: boolean; file?: PiwigoImageFile },
  ): Promise<T> {
    const fields: Params = { ...params };
    if (options.write && this.token) fields.pwg_token = this.token;
    const headers: Record<string, string> = { accept: 'application/json' };
    const cookie = this.cookies.header();
    if (cookie) headers.cookie = cookie;
    const body = options.file ? multipartBody(fields, options.file) : formBody(fields);
    const response = await this.http.send(
      {
        method: 'POST',
        url: `${this.endpoint}?format=json&method=${encodeURIComponent(method)}`,
        headers,
        body,
        retry: options.retry,
        acceptStatuses: ENVELOPE_STATUSES,
      },
      ctx,
    );
    this.cookies.store(response.headers);
    const envelope = parseJson<PiwigoEnvelope<T>>(SERVICE, response);
    if (envelope.stat === 'ok') return envelope.result as T;
    if (envelope.stat === 'fail') throw new PiwigoError(method, Number(envelope.err), envelope.message ?? '');
    throw new UnexpectedResponseError(SERVICE, `${method} answered without a stat field (HTTP ${response.status})`);
  }
}

function formBody(params: Params): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) body.append(`${name}[]`, String(item));
    else body.append(name, String(value));
  }
  return body;
}

function multipartBody(params: Params, file: PiwigoImageFile): FormData {
  const form = new FormData();
  for (const [name, value] of formBody(params)) form.append(name, value);
  // Blob takes only ArrayBuffer-backed views: a Buffer's type allows a SharedArrayBuffer (@types/node 22+).
  form.append(
    'image',
    new Blob([new Uint8Array(file.bytes)], { type: file.contentType ?? 'application/octet-stream' }),
    file.fileName,
  );
  return form;
}

function toCategory(raw: RawPiwigoCategory): PiwigoCategory {
  const parent = raw.id_uppercat;
  return {
    id: Number(raw.id),
    name: raw.name,
    comment: raw.comment ?? null,
    parentId: parent === null || parent === undefined || parent === '' ? null : Number(parent),
    imageCount: Number(raw.nb_images ?? 0),
    url: raw.url ?? null,
  };
}

function toImage(raw: RawPiwigoImage): PiwigoImage {
  return {
    id: Number(raw.id),
    name: raw.name ?? null,
    file: raw.file,
    comment: raw.comment ?? null,
    pageUrl: raw.page_url ?? null,
    elementUrl: raw.element_url ?? null,
    categoryIds: (raw.categories ?? []).map((category) => Number(category.id)),
  };
}
