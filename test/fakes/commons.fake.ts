import { ServerResponse } from 'node:http';
import { FakeHttpServer, RecordedRequest } from './fake-http-server';
import { solidJpeg, solidPng } from './tiny-images';

/** Size of every "original" the fake serves. */
export const FAKE_ORIGINAL_SIZE = { width: 640, height: 480 };

/**
 * Fake Wikimedia Commons. /wiki/Special:FilePath/<name>[?width=N] redirects (302) to /upload/<name>, or to
 * /upload/thumb/<name>/<N>px-<name> for a thumbnail no wider than the original, as Commons redirects to
 * upload.wikimedia.org. Uploads are real, solid-colour images: JPEG for .jpg/.jpeg names, PNG otherwise. Every
 * name exists except those in `missingFiles` (404, as Commons answers).
 */
export class FakeCommons extends FakeHttpServer {
  readonly missingFiles = new Set<string>();

  /** Base URL to configure as COMMONS_FILE_URL. */
  get fileUrl(): string {
    return `${this.url}/wiki/Special:FilePath/`;
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    const filePath = /^\/wiki\/Special:FilePath\/(.+)$/.exec(request.path);
    if (filePath) {
      const name = normalise(filePath[1]);
      if (this.missingFiles.has(name)) {
        response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<html><body>No file by this name exists: ${name}</body></html>`);
        return;
      }
      const width = Number(request.query.width);
      const target =
        Number.isInteger(width) && width > 0 && width < FAKE_ORIGINAL_SIZE.width
          ? `/upload/thumb/${encodeURIComponent(name)}/${width}px-${encodeURIComponent(name)}`
          : `/upload/${encodeURIComponent(name)}`;
      response.writeHead(302, { location: `${this.url}${target}`, 'content-type': 'text/html; charset=utf-8' });
      response.end();
      return;
    }
    const thumb = /^\/upload\/thumb\/([^/]+)\/(\d+)px-/.exec(request.path);
    const original = /^\/upload\/([^/]+)$/.exec(request.path);
    if (thumb || original) {
      const name = normalise((thumb ?? original)![1]);
      const width = thumb ? Number(thumb[2]) : FAKE_ORIGINAL_SIZE.width;
      const height = Math.max(1, Math.round((width * FAKE_ORIGINAL_SIZE.height) / FAKE_ORIGINAL_SIZE.width));
      const jpeg = /\.jpe?g$/i.test(name);
      const bytes = jpeg ? solidJpeg(width, height) : solidPng(width, height);
      response.writeHead(200, {
        'content-type': jpeg ? 'image/jpeg' : 'image/png',
        'content-length': String(bytes.length),
        'cache-control': 'public, max-age=31536000',
      });
      response.end(bytes);
      return;
    }
    this.sendNotFound(response);
  }
}

/** Commons file names use underscores for spaces. */
function normalise(name: string): string {
  return name.replace(/ /g, '_');
}
