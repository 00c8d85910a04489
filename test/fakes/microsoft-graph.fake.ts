import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
 * `/drives/{id}/root/children` and `/items/{id}/children` paged by `pageSize` with `@odata.nextLink`,
 * `/root:/{path}`, `/root/delta` (pages, then `@odata.deltaLink`; a delta link returns what changed since),
 * and `/items/{id}/content` answered with a 302 to a pre-authenticated download URL, as Graph does. Every API
 * request must carry the Bearer token `validToken` accepts. Throttling is injected with failNext(…, 429/503).
 */
export class FakeMicrosoftGraph extends FakeHttpServer {
  pageSize = 2;
  /** Bytes cut from downloads, to test the size check. */
  truncateDownloads = 0;
  private items = new Map<string, FakeItem>();
  private changedSince = new Map<number, Set<string>>();
  private version = 0;

  constructor(
    readonly driveId: string,
    private readonly validToken: (token: string) => boolean,
  ) {
    super();
  }

  /** Loads (or reloads) the drive from a folder; items keep their ids by path, changed ones count for delta. */
  async loadFolder(root: string): Promise<void> {
    const byPath = new Map([...this.items.values()].map((item) => [`${item.parentPath}/${item.name}`, item]));
    this.version += 1;
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
    const children = /^\/items\/([^/]+)\/children$/.exec(rest);
    if (children) {
      this.sendChildren(children[1], request, response);
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
    const since = request.query.token ? Number(request.query.token) : 0;
    const ids = new Set<string>();
    for (const [version, changed] of this.changedSince) if (version > since) for (const id of changed) ids.add(id);
    const all = [...this.items.values()].filter((item) => since === 0 || ids.has(item.id));
    const skip = Number(request.query.$skiptoken ?? 0);
    const page = all.slice(skip, skip + this.pageSize);
    const base = `${this.url}/v1.0/drives/${this.driveId}/root/delta`;
    const more = skip + this.pageSize < all.length;
    this.sendJson(response, 200, {
      value: page.map((item) => this.driveItem(item)),
      ...(more
        ? { '@odata.nextLink': `${base}?${since ? `token=${since}&` : ''}$skiptoken=${skip + this.pageSize}` }
        : { '@odata.deltaLink': `${base}?token=${this.version}` }),
    });
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
        id: item.parentId ?? 'root',
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
