import { ServerResponse } from 'node:http';
import { FakeHttpServer, RecordedRequest } from './fake-http-server';

/** A page/post/media stored by the fake. */
export interface FakeWordPressItem {
  id: number;
  type: 'page' | 'post' | 'attachment';
  slug: string;
  status: string;
  title: string;
  content: string;
  excerpt: string;
  date: string;
  modified: string;
  meta: Record<string, unknown>;
  featuredMedia: number;
  sourceUrl: string | null;
  mimeType: string | null;
  bytes: Buffer | null;
}

type Json = Record<string, unknown>;

const REST = '/wp-json/wp/v2';
const STATUSES = ['publish', 'future', 'draft', 'pending', 'private'];
const ROUTE_TYPES: Record<string, 'page' | 'post'> = { pages: 'page', posts: 'post' };

/**
 * Fake WordPress REST API under /wp-json/wp/v2: pages, posts, media and users/me, with application-password basic
 * auth and WordPress's error bodies ({code, message, data: {status}}). Create and update by id; a published slug
 * already taken gets "-2" as wp_unique_post_slug does, while drafts and pending items keep theirs. Only meta keys
 * in `registeredMeta` are stored, like unregistered meta in WordPress.
 */
export class FakeWordPress extends FakeHttpServer {
  readonly items = new Map<number, FakeWordPressItem>();
  readonly registeredMeta = new Set<string>(['scrutart_qid']);
  private nextId = 10;

  constructor(
    readonly credentials: { username: string; appPassword: string } = {
      username: 'relais',
      appPassword: 'abcd EFGH ijkl MNOP qrst UVWX',
    },
  ) {
    super();
  }

  /** Items of one type ('page', 'post', 'attachment'). */
  itemsOfType(type: FakeWordPressItem['type']): FakeWordPressItem[] {
    return [...this.items.values()].filter((item) => item.type === type);
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    const upload = /^\/wp-content\/uploads\/(\d+)\//.exec(request.path);
    if (upload && request.method === 'GET') {
      const media = this.items.get(Number(upload[1]));
      if (media?.bytes) {
        response.writeHead(200, { 'content-type': media.mimeType ?? 'application/octet-stream' });
        response.end(media.bytes);
        return;
      }
    }
    if (!request.path.startsWith(REST)) {
      this.fail(response, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
      return;
    }
    const route = request.path.slice(REST.length);
    const auth = this.authenticate(request);
    if (auth === 'bad-user') {
      this.fail(
        response,
        401,
        'invalid_username',
        '<strong>Error:</strong> The username is not registered on this site.',
      );
      return;
    }
    if (auth === 'bad-password') {
      this.fail(
        response,
        401,
        'incorrect_password',
        '<strong>Error:</strong> The provided password is an invalid application password.',
      );
      return;
    }
    const loggedIn = auth === 'ok';
    if (route === '/users/me') {
      if (!loggedIn) {
        this.fail(response, 401, 'rest_not_logged_in', 'You are not currently logged in.');
        return;
      }
      this.sendJson(response, 200, {
        id: 1,
        name: 'Relais',
        url: '',
        description: '',
        link: `${this.url}/author/relais/`,
        slug: this.credentials.username,
      });
      return;
    }
    const collection = /^\/(pages|posts|media)(?:\/(\d+))?\/?$/.exec(route);
    if (!collection) {
      this.fail(response, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
      return;
    }
    const [, base, id] = collection;
    if (request.method === 'GET' && !id) this.list(base, request, response, loggedIn);
    else if (request.method === 'GET' && id) this.show(base, Number(id), request, response, loggedIn);
    else if (request.method === 'POST' && base === 'media' && !id) this.createMedia(request, response, loggedIn);
    else if (request.method === 'POST') this.save(base, id ? Number(id) : null, request, response, loggedIn);
    else this.fail(response, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  private authenticate(request: RecordedRequest): 'none' | 'ok' | 'bad-user' | 'bad-password' {
    const header = request.headers.authorization;
    if (!header?.startsWith('Basic ')) return 'none';
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    const username = decoded.slice(0, separator);
    const password = decoded.slice(separator + 1);
    if (username !== this.credentials.username) return 'bad-user';
    // WordPress ignores the spaces it shows application passwords with.
    return password.replace(/\s/g, '') === this.credentials.appPassword.replace(/\s/g, '') ? 'ok' : 'bad-password';
  }

  private list(base: string, request: RecordedRequest, response: ServerResponse, loggedIn: boolean): void {
    const edit = request.query.context === 'edit';
    if (edit && !loggedIn) {
      this.fail(response, 401, 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.');
      return;
    }
    const statuses = request.query.status === 'any' ? STATUSES : (request.query.status ?? 'publish').split(',');
    if (!loggedIn && statuses.some((status) => status !== 'publish')) {
      this.fail(response, 400, 'rest_invalid_param', 'Invalid parameter(s): status', {
        params: { status: 'Status is forbidden.' },
      });
      return;
    }
    const type = base === 'media' ? 'attachment' : ROUTE_TYPES[base];
    // wp_parse_slug_list sanitises the slugs asked for, as WordPress stores them.
    const slugs = request.query.slug?.split(',').map(sanitizeSlug);
    const found = [...this.items.values()].filter(
      (item) =>
        item.type === type &&
        (type === 'attachment' || statuses.includes(item.status)) &&
        (!slugs || slugs.includes(item.slug)),
    );
    const perPage = Number(request.query.per_page ?? 10);
    const page = found.slice(0, perPage).map((item) => this.toJson(item, edit));
    this.sendJson(response, 200, page, {
      'x-wp-total': String(found.length),
      'x-wp-totalpages': String(Math.max(1, Math.ceil(found.length / perPage))),
    });
  }

  private show(base: string, id: number, request: RecordedRequest, response: ServerResponse, loggedIn: boolean): void {
    const item = this.items.get(id);
    const type = base === 'media' ? 'attachment' : ROUTE_TYPES[base];
    if (!item || item.type !== type || (!loggedIn && item.status !== 'publish' && type !== 'attachment')) {
      this.fail(response, 404, 'rest_post_invalid_id', 'Invalid post ID.');
      return;
    }
    this.sendJson(response, 200, this.toJson(item, request.query.context === 'edit' && loggedIn));
  }

  private save(
    base: string,
    id: number | null,
    request: RecordedRequest,
    response: ServerResponse,
    loggedIn: boolean,
  ): void {
    const type = base === 'media' ? 'attachment' : ROUTE_TYPES[base];
    if (!loggedIn) {
      const action = id === null ? 'create' : 'edit';
      this.fail(response, 401, `rest_cannot_${action}`, `Sorry, you are not allowed to ${action} posts as this user.`);
      return;
    }
    const existing = id === null ? null : this.items.get(id);
    if (id !== null && (!existing || existing.type !== type)) {
      this.fail(response, 404, 'rest_post_invalid_id', 'Invalid post ID.');
      return;
    }
    const fields = parseFields(request);
    if (fields === null) {
      this.fail(response, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
      return;
    }
    if (fields.status !== undefined && (typeof fields.status !== 'string' || !STATUSES.includes(fields.status))) {
      this.fail(response, 400, 'rest_invalid_param', 'Invalid parameter(s): status', {
        params: { status: `status is not one of ${STATUSES.join(', ')}.` },
      });
      return;
    }
    const now = new Date().toISOString().slice(0, 19);
    const item: FakeWordPressItem = existing ?? {
      id: this.nextId++,
      type,
      slug: '',
      status: 'draft',
      title: '',
      content: '',
      excerpt: '',
      date: now,
      modified: now,
      meta: {},
      featuredMedia: 0,
      sourceUrl: null,
      mimeType: null,
      bytes: null,
    };
    if (typeof fields.title === 'string') item.title = fields.title;
    if (typeof fields.content === 'string') item.content = fields.content;
    if (typeof fields.excerpt === 'string') item.excerpt = fields.excerpt;
    if (typeof fields.status === 'string') item.status = fields.status;
    if (typeof fields.featured_media === 'number') item.featuredMedia = fields.featured_media;
    if (fields.meta && typeof fields.meta === 'object') {
      for (const [key, value] of Object.entries(fields.meta as Json))
        if (this.registeredMeta.has(key)) item.meta[key] = value;
    }
    const wanted =
      typeof fields.slug === 'string'
        ? sanitizeSlug(fields.slug)
        : item.slug || sanitizeSlug(item.title) || String(item.id);
    item.slug = ['draft', 'pending'].includes(item.status) ? wanted : this.uniqueSlug(wanted, item);
    item.modified = now;
    this.items.set(item.id, item);
    this.sendJson(response, existing ? 200 : 201, this.toJson(item, true));
  }

  private createMedia(request: RecordedRequest, response: ServerResponse, loggedIn: boolean): void {
    if (!loggedIn) {
      this.fail(response, 401, 'rest_cannot_create', 'Sorry, you are not allowed to upload media on this site.');
      return;
    }
    if (request.body.length === 0) {
      this.fail(response, 400, 'rest_upload_no_data', 'No data supplied.');
      return;
    }
    const disposition = request.headers['content-disposition'] ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const fileName = encoded ? decodeURIComponent(encoded) : /filename="([^"]+)"/.exec(disposition)?.[1];
    if (!fileName) {
      this.fail(response, 400, 'rest_upload_no_content_disposition', 'No Content-Disposition supplied.');
      return;
    }
    const now = new Date().toISOString().slice(0, 19);
    const id = this.nextId++;
    const item: FakeWordPressItem = {
      id,
      type: 'attachment',
      slug: this.uniqueSlug(sanitizeSlug(fileName.replace(/\.[^.]+$/, '')), null),
      status: 'inherit',
      title: request.query.title ?? fileName.replace(/\.[^.]+$/, ''),
      content: '',
      excerpt: request.query.caption ?? '',
      date: now,
      modified: now,
      meta: {},
      featuredMedia: 0,
      sourceUrl: `${this.url}/wp-content/uploads/${id}/${fileName}`,
      mimeType: (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0],
      bytes: request.body,
    };
    this.items.set(id, item);
    this.sendJson(response, 201, { ...this.toJson(item, true), alt_text: request.query.alt_text ?? '' });
  }

  private uniqueSlug(wanted: string, self: FakeWordPressItem | null): string {
    const taken = (slug: string): boolean =>
      [...this.items.values()].some(
        (item) => item !== self && item.slug === slug && item.type === (self?.type ?? item.type),
      );
    if (!taken(wanted)) return wanted;
    for (let suffix = 2; ; suffix += 1) if (!taken(`${wanted}-${suffix}`)) return `${wanted}-${suffix}`;
  }

  private toJson(item: FakeWordPressItem, edit: boolean): Json {
    const published = item.status === 'publish';
    const link =
      item.type === 'attachment'
        ? `${this.url}/${item.slug}/`
        : published
          ? `${this.url}/${item.slug}/`
          : `${this.url}/?${item.type === 'page' ? 'page_id' : 'p'}=${item.id}`;
    const text = (raw: string, rendered: string): Json => (edit ? { raw, rendered } : { rendered });
    const json: Json = {
      id: item.id,
      date: item.date,
      date_gmt: item.date,
      guid: text(`${this.url}/?p=${item.id}`, `${this.url}/?p=${item.id}`),
      modified: item.modified,
      modified_gmt: item.modified,
      slug: item.slug,
      status: item.status,
      type: item.type,
      link,
      title: text(item.title, escapeHtml(item.title)),
      author: 1,
      meta: item.meta,
      _links: { self: [{ href: `${this.url}${REST}/${restBase(item.type)}/${item.id}` }] },
    };
    if (item.type === 'attachment') {
      Object.assign(json, {
        media_type: item.mimeType?.startsWith('image/') ? 'image' : 'file',
        mime_type: item.mimeType,
        source_url: item.sourceUrl,
      });
    } else {
      Object.assign(json, {
        content: {
          ...text(item.content, renderBlocks(item.content)),
          protected: false,
          block_version: item.content.includes('<!-- wp:') ? 1 : 0,
        },
        excerpt: {
          ...text(item.excerpt, item.excerpt ? `<p>${escapeHtml(item.excerpt)}</p>\n` : ''),
          protected: false,
        },
        featured_media: item.featuredMedia,
        comment_status: 'closed',
        ping_status: 'closed',
        template: '',
      });
      if (item.type === 'page') Object.assign(json, { parent: 0, menu_order: 0 });
      else Object.assign(json, { format: 'standard', sticky: false, categories: [1], tags: [] });
    }
    return json;
  }

  private fail(response: ServerResponse, status: number, code: string, message: string, extra: Json = {}): void {
    this.sendJson(response, status, { code, message, data: { status, ...extra } });
  }
}

function parseFields(request: RecordedRequest): Json | null {
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) {
    try {
      return JSON.parse(request.body.toString('utf8')) as Json;
    } catch (_invalid) {
      return null;
    }
  }
  return { ...request.query, ...request.form };
}

/** sanitize_title_with_dashes, simplified: lower case, accents and punctuation dropped, spaces to dashes. */
function sanitizeSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s_-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-');
}

/** What the_content does to block markup, as far as tests care: the block comments go. */
function renderBlocks(content: string): string {
  return content.replace(/<!-- \/?wp:[^>]*-->\n?/g, '');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&#038;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function restBase(type: FakeWordPressItem['type']): string {
  return type === 'attachment' ? 'media' : `${type}s`;
}
