/** A driveItem as Microsoft Graph returns it (the fields Relais reads). */
export interface DriveItem {
  id: string;
  name: string;
  size?: number;
  /** Present on folders. */
  folder?: { childCount: number };
  /** Present on files. */
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha256Hash?: string } };
  /** Present on items a delta query reports as deleted (which may then come without a name). */
  deleted?: { state?: string };
  /** Present on the drive's root folder. */
  root?: Record<string, never>;
  /**
   * `path` is `/drives/{id}/root:/Folder/Sub` in children and item answers; delta answers leave it out (only `id`,
   * the parent's, is there). Absent on the root itself.
   */
  parentReference?: { driveId?: string; id?: string; path?: string };
}

/** One page of a collection: `@odata.nextLink` while more pages follow; a delta's last page has `@odata.deltaLink`. */
export interface DriveItemPage {
  value: DriveItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** How the Graph client signs in and where it goes. Its secret is the caller's to redact. */
export interface GraphClientSettings {
  /** `https://graph.microsoft.com/v1.0`. */
  apiUrl: string;
  /** `https://login.microsoftonline.com`. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
}
