/** The raw JSON of action=wbgetentities (format=json, formatversion=1), as far as the client reads it. */
export interface RawEntitiesResponse {
  entities?: Record<string, RawEntity>;
  error?: { code: string; info: string };
  warnings?: unknown;
}

export interface RawEntity {
  id: string;
  type?: string;
  datatype?: string;
  missing?: string;
  redirects?: { from: string; to: string };
  labels?: Record<string, { language: string; value: string }>;
  descriptions?: Record<string, { language: string; value: string }>;
  aliases?: Record<string, { language: string; value: string }[]>;
  claims?: Record<string, RawStatement[]>;
  sitelinks?: Record<string, { site: string; title: string; badges?: string[]; url?: string }>;
}

export interface RawStatement {
  mainsnak: RawSnak;
  rank?: 'preferred' | 'normal' | 'deprecated';
  qualifiers?: Record<string, RawSnak[]>;
}

export interface RawSnak {
  snaktype: 'value' | 'somevalue' | 'novalue';
  property: string;
  datatype?: string;
  datavalue?: { type: string; value: unknown };
}
