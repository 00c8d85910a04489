/**
 * What Relais remembers about one artist it processed, as the state graph needs it. Read from the Scrutart tables
 * by ScrutartStateReader; kept apart from the entities so that the graph's shape does not follow the schema.
 * Times are epoch milliseconds.
 */
export interface ArtistPublicationState {
  qid: string;
  /** Null for an artist known only through a page (its row is written first, so this should not happen). */
  name: string | null;
  description: string | null;
  worksCount: number | null;
  lastProcessedAt: number | null;
  lastRunId: string | null;
  gallery: GalleryState | null;
  images: UploadedImageState[];
  posts: PostState[];
}

/** The artist's Piwigo album. */
export interface GalleryState {
  piwigoCategoryId: number;
  url: string | null;
}

/** A work's image uploaded to the gallery: the work QID → Piwigo image id mapping. */
export interface UploadedImageState {
  workQid: string;
  piwigoImageId: number;
  title: string | null;
  /** Where the image came from (its Commons file). */
  sourceUrl: string | null;
  uploadedAt: number;
}

/** The artist's page in one language. */
export interface PostState {
  language: string;
  /** Null while the page is only a draft in the database (WordPress not configured, or auto_publish none). */
  wordpressId: number | null;
  link: string | null;
  /** WordPress status (`draft`, `publish`, `pending`) or `local-draft` for a page kept in the database. */
  status: string;
  slug: string;
  title: string;
  runId: string | null;
  createdAt: number;
  updatedAt: number;
}
