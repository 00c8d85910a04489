/** A simplified Wikidata claim value, one variant per datatype family. */
export type WikidataValue =
  | { type: 'entity'; id: string }
  | { type: 'time'; time: string; precision: number; year: number | null; calendar: string }
  | { type: 'string'; value: string }
  | { type: 'external-id'; value: string }
  | { type: 'url'; value: string }
  | { type: 'commonsMedia'; value: string }
  | { type: 'monolingualtext'; text: string; language: string }
  | { type: 'quantity'; amount: number; unit: string | null }
  | { type: 'globecoordinate'; latitude: number; longitude: number }
  | { type: 'somevalue' }
  | { type: 'novalue' }
  | { type: 'unsupported'; datatype: string };

export type WikidataRank = 'preferred' | 'normal' | 'deprecated';

/** One statement of an entity, reduced to its main value, rank and qualifiers. */
export interface WikidataClaim {
  property: string;
  /** The property's datatype as wbgetentities reports it (wikibase-item, time, external-id, commonsMedia…). */
  datatype: string;
  rank: WikidataRank;
  value: WikidataValue;
  qualifiers: Record<string, WikidataValue[]>;
}

export interface WikidataSitelink {
  site: string;
  title: string;
  /** Present when wbgetentities was asked for sitelinks/urls (the client asks by default). */
  url: string | null;
}

/** An item or property as wbgetentities returns it, simplified. */
export interface WikidataEntity {
  id: string;
  /** 'item' or 'property' (or 'lexeme'…). */
  type: string;
  /** Datatype of a property entity (external-id, wikibase-item…); null for items. */
  datatype: string | null;
  labels: Record<string, string>;
  descriptions: Record<string, string>;
  aliases: Record<string, string[]>;
  /** Statements by property id, in Wikidata's order (deprecated ones included; see bestClaims). */
  claims: Record<string, WikidataClaim[]>;
  sitelinks: Record<string, WikidataSitelink>;
}

export type WikidataEntityProp =
  'info' | 'labels' | 'descriptions' | 'aliases' | 'claims' | 'sitelinks' | 'sitelinks/urls';

export interface GetEntitiesOptions {
  /** Languages of labels/descriptions/aliases; default all. Language fallback is not applied. */
  languages?: string[];
  /** Parts to fetch; default labels, descriptions, aliases, claims, sitelinks/urls, info. */
  props?: WikidataEntityProp[];
  /** false to bypass the TTL cache. */
  cache?: boolean;
}

export interface WikidataEntities {
  /** Found entities by id (a redirected id is keyed by the id asked for). */
  entities: Record<string, WikidataEntity>;
  /** Ids Wikidata reports as missing. */
  missing: string[];
}

/** One RDF term of a SPARQL JSON result, exactly as application/sparql-results+json carries it. */
export interface SparqlTerm {
  type: 'uri' | 'literal' | 'bnode' | 'typed-literal' | 'triple';
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

/** One solution: variable name (without '?') → term; unbound variables are absent. */
export type SparqlRow = Record<string, SparqlTerm | undefined>;

export interface SparqlSelectResult {
  vars: string[];
  rows: SparqlRow[];
}

export interface SparqlQueryOptions {
  /** false to bypass the TTL cache. */
  cache?: boolean;
}
