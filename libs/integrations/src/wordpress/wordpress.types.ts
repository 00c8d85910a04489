export type WordPressContentType = 'pages' | 'posts';

/** WordPress post statuses a publication may ask for ('pending' = awaiting review). */
export type WordPressStatus = 'draft' | 'publish' | 'pending' | 'private' | 'future';

/** A page or post to create, or to update when one with the same slug exists. */
export interface WordPressContentInput {
  /** Default: the configured WORDPRESS_CONTENT_TYPE. */
  type?: WordPressContentType;
  slug: string;
  title: string;
  /** Raw content (Gutenberg block markup). */
  content: string;
  status: WordPressStatus;
  /** When the page exists and is live (`publish`), keep it live whatever `status` asks (default false). */
  keepPublished?: boolean;
  excerpt?: string;
  /** Registered post meta (only keys WordPress knows are stored). */
  meta?: Record<string, unknown>;
  /** Featured image (a media id). */
  featuredMedia?: number;
}

export interface WordPressUpsertResult {
  id: number;
  link: string;
  status: string;
  slug: string;
  type: WordPressContentType;
  /** true when the page was created, false when an existing one was updated. */
  created: boolean;
}

/** A page or post as wp/v2 returns it with context=edit (fields the clients use). */
export interface WordPressContent {
  id: number;
  date: string;
  modified: string;
  slug: string;
  status: string;
  type: string;
  link: string;
  title: { raw?: string; rendered: string };
  content: { raw?: string; rendered: string };
  meta?: Record<string, unknown>;
}

export interface WordPressMediaInput {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  title?: string;
  altText?: string;
  caption?: string;
}

export interface WordPressMedia {
  id: number;
  sourceUrl: string;
  link: string;
}

export interface WordPressUser {
  id: number;
  name: string;
  slug: string;
}
