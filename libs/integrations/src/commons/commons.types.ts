/** An image file downloaded from Wikimedia Commons. */
export interface CommonsImage {
  bytes: Buffer;
  contentType: string;
  /** Commons file name with underscores, without "File:" (e.g. "Claude_Monet_1899_Nadar_crop.jpg"). */
  fileName: string;
  /** URL the bytes came from, after redirects. */
  url: string;
}

export interface CommonsDownloadOptions {
  /** Maximum width in pixels: Commons serves a thumbnail (never wider than the original). Omit for the original. */
  width?: number;
  /** Refuse larger files (default 50 MB). */
  maxBytes?: number;
}
