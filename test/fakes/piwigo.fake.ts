import { createHash, randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { FakeHttpServer, RecordedRequest } from './fake-http-server';
import { parseMultipart } from './multipart-form';

export interface FakePiwigoCategory {
  id: number;
  name: string;
  comment: string | null;
  parentId: number | null;
}

export interface FakePiwigoImage {
  id: number;
  file: string;
  name: string | null;
  comment: string | null;
  author: string | null;
  categoryIds: number[];
  bytes: Buffer;
  contentType: string;
}

interface Session {
  user: string | null;
  token: string;
}

type Params = Partial<Record<string, string | string[]>>;
type Json = Record<string, unknown>;

/** Piwigo's error codes (include/ws_core.inc.php and the methods' own PwgError). */
const ERR = {
  accessDenied: 401,
  invalidToken: 403,
  notFound: 404,
  postRequired: 405,
  invalidMethod: 501,
  missingParam: 1002,
  invalidParam: 1003,
  badCredentials: 999,
};
const ADMIN_METHODS = new Set(['pwg.categories.add', 'pwg.categories.setInfo', 'pwg.images.addSimple']);
const POST_METHODS = new Set(['pwg.session.login', ...ADMIN_METHODS]);

class PiwigoFailure extends Error {
  constructor(
    readonly err: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fake Piwigo web API at /ws.php?format=json: {stat: "ok", result} and {stat: "fail", err, message} envelopes
 * with Piwigo's error codes (401 Access denied, 403 Invalid security token, 999 bad login…; codes 400–599 also
 * as HTTP status, as Piwigo does), a pwg_id session cookie renewed at login, pwg_token checked on write methods,
 * multipart pwg.images.addSimple, and albums and images kept in memory.
 */
export class FakePiwigo extends FakeHttpServer {
  readonly categories = new Map<number, FakePiwigoCategory>();
  readonly images = new Map<number, FakePiwigoImage>();
  private readonly sessions = new Map<string, Session>();
  private nextCategoryId = 1;
  private nextImageId = 1;

  constructor(
    readonly credentials: { username: string; password: string } = { username: 'relais', password: 'piwigo-secret' },
  ) {
    super();
  }

  /** Adds an album directly (test set-up). */
  addCategory(name: string, parentId: number | null = null, comment: string | null = null): FakePiwigoCategory {
    const category = { id: this.nextCategoryId++, name, comment, parentId };
    this.categories.set(category.id, category);
    return category;
  }

  /** Forgets every session, as when Piwigo's session expires: the next admin call gets 401 Access denied. */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** Images in one album. */
  imagesIn(categoryId: number): FakePiwigoImage[] {
    return [...this.images.values()].filter((image) => image.categoryIds.includes(categoryId));
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.path !== '/ws.php') {
      this.sendNotFound(response);
      return;
    }
    const { id: sessionId, session, created } = this.session(request);
    const headers: Record<string, string> = {};
    if (created) headers['set-cookie'] = `pwg_id=${sessionId}; path=/; HttpOnly; SameSite=Lax`;
    let result: unknown;
    try {
      const params = this.params(request);
      const method = String(params.method ?? '');
      if (POST_METHODS.has(method) && request.method !== 'POST')
        throw new PiwigoFailure(ERR.postRequired, 'This method requires HTTP POST');
      if (ADMIN_METHODS.has(method)) {
        if (session.user === null) throw new PiwigoFailure(ERR.accessDenied, 'Access denied');
        if (params.pwg_token !== session.token) throw new PiwigoFailure(ERR.invalidToken, 'Invalid security token');
      }
      if (method === 'pwg.session.login') {
        result = this.login(params);
        // Piwigo regenerates the session id at login.
        this.sessions.delete(sessionId);
        const renewed = randomBytes(13).toString('hex');
        this.sessions.set(renewed, { user: this.credentials.username, token: tokenOf(renewed) });
        headers['set-cookie'] = `pwg_id=${renewed}; path=/; HttpOnly; SameSite=Lax`;
      } else {
        result = this.call(method, params, session);
      }
    } catch (error) {
      if (!(error instanceof PiwigoFailure)) throw error;
      const status = error.err >= 400 && error.err < 600 ? error.err : 200;
      this.sendJson(response, status, { stat: 'fail', err: error.err, message: error.message }, headers);
      return;
    }
    this.sendJson(response, 200, { stat: 'ok', result }, headers);
  }

  private call(method: string, params: Params, session: Session): unknown {
    switch (method) {
      case 'pwg.session.getStatus':
        return {
          username: session.user ?? 'guest',
          status: session.user ? 'webmaster' : 'guest',
          theme: 'modus',
          language: 'fr_FR',
          pwg_token: session.token,
          charset: 'utf-8',
          current_datetime: new Date().toISOString().replace('T', ' ').slice(0, 19),
          version: '14.5.0',
          available_sizes: ['square', 'thumb', '2small', 'xsmall', 'small', 'medium', 'large'],
          upload_file_types: 'jpg,jpeg,png,gif,webp',
          upload_form_chunk_size: 500,
        };
      case 'pwg.session.logout':
        session.user = null;
        return true;
      case 'pwg.categories.getList':
        return { categories: this.list(Number(single(params.cat_id) || 0), truthy(params.recursive)) };
      case 'pwg.categories.add':
        return this.add(params);
      case 'pwg.categories.setInfo':
        return this.setInfo(params);
      case 'pwg.categories.getImages':
        return this.categoryImages(params);
      case 'pwg.images.getInfo':
        return this.imageInfo(params);
      case 'pwg.images.addSimple':
        return this.addSimple(params);
      default:
        throw new PiwigoFailure(ERR.invalidMethod, 'Method name is not valid');
    }
  }

  private login(params: Params): boolean {
    const username = single(params.username);
    const password = single(params.password);
    if (!username || !password) throw new PiwigoFailure(ERR.missingParam, 'Missing parameters: username,password');
    if (username !== this.credentials.username || password !== this.credentials.password) {
      throw new PiwigoFailure(ERR.badCredentials, 'Invalid username/password');
    }
    return true;
  }

  private list(parentId: number, recursive: boolean): Json[] {
    const descendants = (id: number): FakePiwigoCategory[] =>
      [...this.categories.values()]
        .filter((category) => category.parentId === id)
        .flatMap((category) => [category, ...descendants(category.id)]);
    let selected: FakePiwigoCategory[];
    if (recursive)
      selected =
        parentId > 0
          ? [this.categories.get(parentId)!, ...descendants(parentId)].filter(Boolean)
          : [...this.categories.values()];
    else if (parentId > 0)
      selected = [...this.categories.values()].filter(
        (category) => category.id === parentId || category.parentId === parentId,
      );
    else selected = [...this.categories.values()].filter((category) => category.parentId === null);
    return selected.map((category) => this.categoryJson(category));
  }

  private add(params: Params): Json {
    const name = single(params.name)?.trim();
    if (!name) throw new PiwigoFailure(ERR.missingParam, 'Missing parameters: name');
    const parent = single(params.parent);
    const parentId = parent ? Number(parent) : null;
    if (parentId !== null && parentId !== 0 && !this.categories.has(parentId))
      throw new PiwigoFailure(ERR.invalidParam, 'Unknown parent album');
    const category = this.addCategory(name, parentId || null, single(params.comment) ?? null);
    return { info: 'Album added', id: category.id };
  }

  private setInfo(params: Params): null {
    const category = this.categories.get(Number(single(params.category_id)));
    if (!category) throw new PiwigoFailure(ERR.invalidParam, 'Invalid category_id input parameter, no category found');
    const name = single(params.name);
    const comment = single(params.comment);
    if (name !== undefined) category.name = name;
    if (comment !== undefined) category.comment = comment;
    return null;
  }

  private categoryImages(params: Params): Json {
    const ids = list(params.cat_id).map(Number);
    const perPage = Math.min(500, Number(single(params.per_page) ?? 100));
    const page = Number(single(params.page) ?? 0);
    const all = [...this.images.values()].filter(
      (image) => ids.length === 0 || image.categoryIds.some((id) => ids.includes(id)),
    );
    const slice = all.slice(page * perPage, (page + 1) * perPage);
    return {
      paging: { page, per_page: perPage, count: slice.length, total_count: String(all.length) },
      images: slice.map((image) => this.imageJson(image)),
    };
  }

  private imageInfo(params: Params): Json {
    const image = this.images.get(Number(single(params.image_id)));
    if (!image) throw new PiwigoFailure(ERR.notFound, 'image_id not found');
    return { ...this.imageJson(image), author: image.author, tags: [] };
  }

  private addSimple(params: Params): Json {
    const file = (params as Params & { __file?: unknown }).__file as
      { name: string; data: Buffer; type: string } | undefined;
    if (!file) throw new PiwigoFailure(ERR.postRequired, 'The image (file) is missing');
    const categoryIds = list(params.category).map(Number);
    for (const id of categoryIds)
      if (!this.categories.has(id)) throw new PiwigoFailure(ERR.invalidParam, `category_id ${id} does not exist`);
    const image: FakePiwigoImage = {
      id: this.nextImageId++,
      file: file.name,
      name: single(params.name) ?? file.name.replace(/\.[^.]+$/, ''),
      comment: single(params.comment) ?? null,
      author: single(params.author) ?? null,
      categoryIds,
      bytes: file.data,
      contentType: file.type,
    };
    this.images.set(image.id, image);
    return { image_id: image.id, url: `${this.url}/picture.php?/${image.id}` };
  }

  private categoryJson(category: FakePiwigoCategory): Json {
    const uppercats: number[] = [];
    for (
      let current: FakePiwigoCategory | undefined = category;
      current;
      current = current.parentId ? this.categories.get(current.parentId) : undefined
    ) {
      uppercats.unshift(current.id);
    }
    const images = this.imagesIn(category.id).length;
    return {
      id: category.id,
      name: category.name,
      comment: category.comment,
      permalink: null,
      status: 'public',
      uppercats: uppercats.join(','),
      global_rank: uppercats.join('.'),
      id_uppercat: category.parentId === null ? null : String(category.parentId),
      nb_images: images,
      total_nb_images: images,
      representative_picture_id: null,
      date_last: null,
      max_date_last: null,
      nb_categories: [...this.categories.values()].filter((child) => child.parentId === category.id).length,
      url: `${this.url}/index.php?/category/${category.id}`,
      tn_url: null,
    };
  }

  private imageJson(image: FakePiwigoImage): Json {
    return {
      id: image.id,
      width: 640,
      height: 480,
      hit: 0,
      file: image.file,
      name: image.name,
      comment: image.comment,
      date_creation: null,
      date_available: '2025-01-15 10:00:00',
      page_url: `${this.url}/picture.php?/${image.id}`,
      element_url: `${this.url}/upload/${image.id}/${image.file}`,
      derivatives: {},
      categories: image.categoryIds.map((id) => ({
        id,
        url: `${this.url}/index.php?/category/${id}`,
        page_url: `${this.url}/picture.php?/${image.id}/category/${id}`,
      })),
    };
  }

  private session(request: RecordedRequest): { id: string; session: Session; created: boolean } {
    const cookie = /(?:^|;\s*)pwg_id=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    const existing = cookie ? this.sessions.get(cookie) : undefined;
    if (cookie && existing) return { id: cookie, session: existing, created: false };
    const id = randomBytes(13).toString('hex');
    const session = { user: null, token: tokenOf(id) };
    this.sessions.set(id, session);
    return { id, session, created: true };
  }

  private params(request: RecordedRequest): Params {
    const params: Params & { __file?: unknown } = { ...request.query };
    const contentType = request.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      for (const part of parseMultipart(request.body, contentType)) {
        if (part.fileName !== null)
          params.__file = {
            name: part.fileName,
            data: part.data,
            type: part.contentType ?? 'application/octet-stream',
          };
        else addParam(params, part.name, part.data.toString('utf8'));
      }
    } else {
      for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) addParam(params, name, value);
    }
    return params;
  }
}

/** pwg_token is a hash of the session id in Piwigo too: it changes with the session. */
function tokenOf(sessionId: string): string {
  return createHash('md5').update(`fake-piwigo:${sessionId}`).digest('hex');
}

function addParam(params: Params, name: string, value: string): void {
  if (name.endsWith('[]')) {
    const key = name.slice(0, -2);
    const current = params[key];
    params[key] = Array.isArray(current) ? [...current, value] : current === undefined ? [value] : [current, value];
  } else {
    params[name] = value;
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).filter((item) => item !== '');
}

function truthy(value: string | string[] | undefined): boolean {
  const text = single(value);
  return text === 'true' || text === '1';
}
