import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

interface FakeItem {
  id: string;
  name: string;
  parentId: string | null;
  /** `/Client/Project` of the parent, `` for the root's children. */
  parentPath: string;
  folder: boolean;
  content: Buffer | null;
}

/**
 * Fake Microsoft Graph drive (v1.0), built from a local folder: driveItems with Graph's field names (`id`,
 * `name`, `size`, `folder.childCount`, `file.mimeType`, `file.hashes.quickXorHash`, `parentReference.path`),
 * `/drives/{id}/root`, `/items/{id}`, `/root:/{path}`, `/drives/{id}/root/children` and `/items/{id}/children`
 * paged by `pageSize` with `@odata.nextLink`, and `/items/{id}/content` answered with a 302 to a
 * pre-authenticated download URL, as Graph does. `/root/delta` as Graph answers it: without a token every item
 * (the root with its `root` facet), with `?token=latest` no item, with a token from an earlier `@odata.deltaLink`
 * what changed since (new or changed items, deleted ones with `deleted` set); pages by `@odata.nextLink`, the
 * last with `@odata.deltaLink`; **no `parentReference.path`** in delta items (only the parent's id), and 410
 * `resyncRequired` for a token older than expireDeltaTokens(). Only the changed items themselves are reported,
 * not their ancestor folders; a renamed or moved folder (move()) is reported alone, not the files below it, and
 * a deleted folder alone, not what it held, as SharePoint does. Every API request must carry the Bearer token `validToken` accepts. Throttling is
 * injected with failNext(…, 429/503).
 */
export class FakeMicrosoftGraph extends FakeHttpServer {
  pageSize = 2;
  /** Bytes cut from downloads, to test the size check. */
  truncateDownloads = 0;
  private items = new Map<string, FakeItem>();
  private changedSince = new Map<number, Set<string>>();
  private deletedSince = new Map<number, FakeItem[]>();
  private version = 0;
  /** Bumped by expireDeltaTokens(): tokens of an earlier generation get 410. */
  private tokenGeneration = 0;
  readonly rootId = '01ROOT0000000000000000000000000000';

  constructor(
    readonly driveId: string,
    private readonly validToken: (token: string) => boolean,
  ) {
    super();
  }

  /**
   * Loads (or reloads) the drive from a folder; items keep their ids by path. New and changed items, and those
   * no longer there (deleted), are what a delta from an earlier token reports.
   */
  async loadFolder(root: string): Promise<void> {
    const before = new Map(this.items);
    const byPath = new Map([...before.values()].map((item) => [`${item.parentPath}/${item.name}`, item]));
    this.version += 1;
    this.items.clear();
    const changed = new Set<string>();
    const walk = async (folder: string, parentId: string | null, parentPath: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const key = `${parentPath}/${entry.name}`;
        const content = entry.isFile() ? await readFile(join(folder, entry.name)) : null;
        const previous = byPath.get(key);
        const id = previous?.id ?? `01${createHash('sha1').update(key).digest('hex').slice(0, 30).toUpperCase()}`;
        if (!previous || (content && !previous.content?.equals(content))) changed.add(id);
        this.items.set(id, { id, name: entry.name, parentId, parentPath, folder: entry.isDirectory(), content });
        if (entry.isDirectory()) await walk(join(folder, entry.name), id, key);
      }
    };
    await walk(root, null, '');
    this.changedSince.set(this.version, changed);
    this.deletedSince.set(
      this.version,
      [...before.values()].filter((item) => !this.items.has(item.id)),
    );
  }

  /**
   * Renames or moves an item (`from` and `to` relative to `root`, the folder the drive was loaded from), on disk
   * too, keeping its id, as a user does in SharePoint: a delta then reports that item alone, with its new name
   * and parent, and nothing below it. The new parent folder must exist (or be the root).
   */
  async move(root: string, from: string, to: string): Promise<void> {
    const key = (item: FakeItem) => `${item.parentPath}/${item.name}`;
    const item = [...this.items.values()].find((candidate) => key(candidate) === `/${from}`);
    if (!item) throw new Error(`the fake drive has no ${from}`);
    const parentPath = dirname(`/${to}`) === '/' ? '' : dirname(`/${to}`);
    const parent = parentPath ? [...this.items.values()].find((candidate) => key(candidate) === parentPath) : null;
    if (parent === undefined || (parent && !parent.folder))
      throw new Error(`the fake drive has no folder ${parentPath}`);
    await mkdir(dirname(join(root, to)), { recursive: true });
    await rename(join(root, from), join(root, to));
    const oldKey = key(item);
    item.name = to.split('/').pop() as string;
    item.parentId = parent?.id ?? null;
    item.parentPath = parentPath;
    const newKey = key(item);
    for (const below of this.items.values())
      if (below.parentPath === oldKey || below.parentPath.startsWith(`${oldKey}/`))
        below.parentPath = newKey + below.parentPath.slice(oldKey.length);
    this.version += 1;
    this.changedSince.set(this.version, new Set([item.id]));
    this.deletedSince.set(this.version, []);
  }

  /** Delta tokens handed out until now are refused with 410 resyncRequired, as after Graph reset its change log. */
  expireDeltaTokens(): void {
    this.tokenGeneration += 1;
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.path.startsWith('/download/')) {
      this.sendContent(request.path.slice('/download/'.length), response);
      return;
    }
    const auth = request.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.validToken(auth.slice(7))) {
      this.sendJson(response, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
      });
      return;
    }
    const drive = `/v1.0/drives/${this.driveId}`;
    const path = decodeURIComponent(request.path);
    if (!path.startsWith(drive)) {
      this.sendNotFound(response);
      return;
    }
    const rest = path.slice(drive.length);
    if (rest === '/root/children') {
      this.sendChildren(null, request, response);
      return;
    }
    if (rest === '/root') {
      this.sendJson(response, 200, this.rootItem());
      return;
    }
    const children = /^\/items\/([^/]+)\/children$/.exec(rest);
    if (children) {
      this.sendChildren(children[1] === this.rootId ? null : children[1], request, response);
      return;
    }
    const byId = /^\/items\/([^/]+)$/.exec(rest);
    if (byId) {
      const item = this.items.get(byId[1]);
      if (byId[1] === this.rootId) this.sendJson(response, 200, this.rootItem());
      else if (item) this.sendJson(response, 200, this.driveItem(item));
      else
        this.sendJson(response, 404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
      return;
    }
    const content = /^\/items\/([^/]+)\/content$/.exec(rest);
    if (content) {
      response.writeHead(302, { location: `${this.url}/download/${content[1]}?tempauth=fake` });
      response.end();
      return;
    }
    if (rest === '/root/delta') {
      this.sendDelta(request, response);
      return;
    }
    const byPath = /^\/root:\/(.+?):?$/.exec(rest);
    if (byPath) {
      const item = [...this.items.values()].find(
        (candidate) => `${candidate.parentPath}/${candidate.name}` === `/${byPath[1]}`,
      );
      if (item) this.sendJson(response, 200, this.driveItem(item));
      else
        this.sendJson(response, 404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
      return;
    }
    this.sendNotFound(response);
  }

  private sendChildren(parentId: string | null, request: RecordedRequest, response: ServerResponse): void {
    const all = [...this.items.values()].filter((item) => item.parentId === parentId);
    const skip = Number(request.query.$skiptoken ?? 0);
    const page = all.slice(skip, skip + this.pageSize);
    const next =
      skip + this.pageSize < all.length ? `${this.url}${request.path}?$skiptoken=${skip + this.pageSize}` : undefined;
    this.sendJson(response, 200, {
      '@odata.context': `${this.url}/v1.0/$metadata#drives('${this.driveId}')/items`,
      value: page.map((item) => this.driveItem(item)),
      ...(next ? { '@odata.nextLink': next } : {}),
    });
  }

  private sendDelta(request: RecordedRequest, response: ServerResponse): void {
    const base = `${this.url}/v1.0/drives/${this.driveId}/root/delta`;
    const token = request.query.token;
    const deltaLink = { '@odata.deltaLink': `${base}?token=${deltaToken(this.tokenGeneration, this.version)}` };
    if (token === 'latest') {
      this.sendJson(response, 200, { value: [], ...deltaLink });
      return;
    }
    const decoded = token ? decodeDeltaToken(token) : { generation: this.tokenGeneration, version: 0 };
    const since = decoded?.version ?? 0;
    if (decoded?.generation !== this.tokenGeneration) {
      this.sendJson(response, 410, {
        error: {
          code: 'resyncRequired',
          message: "Resync required. Replace any local items with the server's version (including deletes).",
        },
      });
      return;
    }
    let all: Record<string, unknown>[];
    if (!since) all = [this.rootItem(), ...[...this.items.values()].map((item) => this.deltaItem(item))];
    else {
      const changed = new Set<string>();
      const deleted = new Map<string, FakeItem>();
      for (let version = since + 1; version <= this.version; version += 1) {
        for (const id of this.changedSince.get(version) ?? []) changed.add(id);
        for (const item of this.deletedSince.get(version) ?? []) deleted.set(item.id, item);
      }
      all = [
        ...[...changed].flatMap((id) => {
          const item = this.items.get(id);
          return item ? [this.deltaItem(item)] : [];
        }),
        ...[...deleted.values()]
          // A deleted folder is reported, not what it held.
          .filter((item) => !this.items.has(item.id) && !(item.parentId && deleted.has(item.parentId)))
          .map((item) => ({
            id: item.id,
            name: item.name,
            deleted: { state: 'deleted' },
            parentReference: { driveId: this.driveId, driveType: 'documentLibrary', id: item.parentId ?? this.rootId },
          })),
      ];
    }
    const skip = Number(request.query.$skiptoken ?? 0);
    const more = skip + this.pageSize < all.length;
    this.sendJson(response, 200, {
      '@odata.context': `${this.url}/v1.0/$metadata#Collection(driveItem)`,
      value: all.slice(skip, skip + this.pageSize),
      ...(more
        ? { '@odata.nextLink': `${base}?${token ? `token=${token}&` : ''}$skiptoken=${skip + this.pageSize}` }
        : deltaLink),
    });
  }

  /** A driveItem as delta answers give it: the parent's id, never its path. */
  private deltaItem(item: FakeItem): Record<string, unknown> {
    const full = this.driveItem(item);
    const parent = full.parentReference as Record<string, unknown>;
    return { ...full, parentReference: { driveId: parent.driveId, driveType: parent.driveType, id: parent.id } };
  }

  private rootItem(): Record<string, unknown> {
    return {
      id: this.rootId,
      name: 'root',
      root: {},
      folder: { childCount: [...this.items.values()].filter((child) => child.parentId === null).length },
      parentReference: { driveId: this.driveId, driveType: 'documentLibrary' },
    };
  }

  private sendContent(id: string, response: ServerResponse): void {
    const item = this.items.get(id.split('?')[0]);
    if (!item?.content) {
      this.sendNotFound(response);
      return;
    }
    const body = item.content.subarray(0, item.content.length - this.truncateDownloads);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    response.end(body);
  }

  private driveItem(item: FakeItem): Record<string, unknown> {
    return {
      id: item.id,
      name: item.name,
      size: item.content?.length ?? 0,
      lastModifiedDateTime: '2024-03-15T10:00:00Z',
      webUrl: `https://contoso.sharepoint.com/sites/etudes/Documents${item.parentPath}/${encodeURIComponent(item.name)}`,
      parentReference: {
        driveId: this.driveId,
        driveType: 'documentLibrary',
        id: item.parentId ?? this.rootId,
        path: `/drives/${this.driveId}/root:${item.parentPath}`,
      },
      ...(item.folder
        ? { folder: { childCount: [...this.items.values()].filter((child) => child.parentId === item.id).length } }
        : {
            file: {
              mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              hashes: {
                quickXorHash: createHash('sha1')
                  .update(item.content ?? '')
                  .digest('base64'),
              },
            },
          }),
    };
  }
}

/** Delta tokens are opaque to clients, as Graph's are. */
function deltaToken(generation: number, version: number): string {
  return Buffer.from(`g${generation}v${version}`).toString('base64url');
}

function decodeDeltaToken(token: string): { generation: number; version: number } | null {
  const match = /^g(\d+)v(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? { generation: Number(match[1]), version: Number(match[2]) } : null;
}
