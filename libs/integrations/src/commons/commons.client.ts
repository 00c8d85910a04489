import { HttpClient } from '../http/http.client';
import { UnexpectedResponseError } from '../http/integration.errors';
import { ClientHttpOptions, httpSettingsOf } from '../http/http-settings';
import { RequestContext } from '../http/request-context';
import { CommonsFileNotFoundError } from './commons-file-not-found.error';
import { CommonsDownloadOptions, CommonsImage } from './commons.types';

export interface CommonsClientOptions extends ClientHttpOptions {
  /** Special:FilePath base, e.g. https://commons.wikimedia.org/wiki/Special:FilePath/ */
  fileUrl: string;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const SERVICE = 'Wikimedia Commons';

/** Downloads Wikimedia Commons files (original or width-limited thumbnail) through Special:FilePath. */
export class CommonsClient {
  private readonly http: HttpClient;

  constructor(readonly options: CommonsClientOptions) {
    this.http = new HttpClient(httpSettingsOf(SERVICE, options));
  }

  /**
   * Commons file name from a P18 value, a Special:FilePath URL, a File: page URL or an upload.wikimedia.org URL
   * ("Claude Monet.jpg" → "Claude_Monet.jpg").
   */
  static fileNameOf(fileNameOrUrl: string): string {
    let name = fileNameOrUrl.trim();
    if (/^https?:\/\//i.test(name)) {
      const url = new URL(name);
      const segments = url.pathname.split('/').filter((segment) => segment !== '');
      const filePath = segments.findIndex((segment) => /^Special:FilePath$/i.test(decodeURIComponent(segment)));
      if (filePath >= 0 && segments[filePath + 1]) name = segments[filePath + 1];
      else if (segments.includes('thumb') && segments.length >= 2) name = segments[segments.length - 2];
      else name = segments[segments.length - 1] ?? '';
      name = decodeURIComponent(name);
    }
    name = name.replace(/^(File|Fichier|Image):/i, '').replace(/ /g, '_');
    if (name === '') throw new RangeError(`No Commons file name in "${fileNameOrUrl}"`);
    return name;
  }

  /** Special:FilePath URL of the file (with ?width=N for a thumbnail). */
  fileUrl(fileNameOrUrl: string, options: { width?: number } = {}): string {
    const base = this.options.fileUrl.endsWith('/') ? this.options.fileUrl : `${this.options.fileUrl}/`;
    const url = `${base}${encodeURIComponent(CommonsClient.fileNameOf(fileNameOrUrl))}`;
    return options.width ? `${url}?width=${Math.round(options.width)}` : url;
  }

  /** Downloads the file, following redirects to upload.wikimedia.org. */
  async download(
    fileNameOrUrl: string,
    options: CommonsDownloadOptions = {},
    ctx: RequestContext = {},
  ): Promise<CommonsImage> {
    const fileName = CommonsClient.fileNameOf(fileNameOrUrl);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const response = await this.http.send(
      {
        url: this.fileUrl(fileName, { width: options.width }),
        headers: { accept: 'image/*,*/*;q=0.8' },
        acceptStatuses: [404],
      },
      ctx,
    );
    if (response.status === 404) throw new CommonsFileNotFoundError(fileName);
    if (response.body.length > maxBytes) {
      throw new UnexpectedResponseError(
        SERVICE,
        `"${fileName}" is ${response.body.length} bytes, more than the ${maxBytes} allowed`,
      );
    }
    const contentType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0].trim();
    if (contentType.startsWith('text/')) {
      throw new UnexpectedResponseError(SERVICE, `"${fileName}" was served as ${contentType}, not a media file`);
    }
    return { bytes: response.body, contentType, fileName, url: response.url };
  }
}
