/**
 * The small RDF vocabulary of the Scrutart state graph (`GET /api/scrutart/state.ttl`). Artists and works are
 * Wikidata entities (`wd:`); names, links and dates use schema.org with Wikidata's own `http://schema.org/`
 * namespace, so the graph joins with Query Service results; what only Relais knows uses `rs:`. Galleries, uploaded
 * images and posts get IRIs under `rsd:`, stable across exports (identifiers, not web addresses).
 */
export const STATE_GRAPH_PREFIXES = {
  rs: 'https://relais.invalid/scrutart#',
  rsd: 'https://relais.invalid/scrutart/state/',
  wd: 'http://www.wikidata.org/entity/',
  schema: 'http://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
} as const;

const rs = (name: string): string => STATE_GRAPH_PREFIXES.rs + name;
const schema = (name: string): string => STATE_GRAPH_PREFIXES.schema + name;
const xsd = (name: string): string => STATE_GRAPH_PREFIXES.xsd + name;

/** Every class and property the graph uses, by what it means. */
export const RS = {
  type: `${STATE_GRAPH_PREFIXES.rdf}type`,
  // Classes
  Artist: rs('Artist'),
  Gallery: rs('Gallery'),
  UploadedImage: rs('UploadedImage'),
  Post: rs('Post'),
  // Artist → what was published for them
  gallery: rs('gallery'),
  uploadedImage: rs('uploadedImage'),
  post: rs('post'),
  worksCount: rs('worksCount'),
  lastProcessedAt: rs('lastProcessedAt'),
  lastRunId: rs('lastRunId'),
  // Gallery (a Piwigo album)
  piwigoCategoryId: rs('piwigoCategoryId'),
  // Uploaded image (a Wikidata work's image in the gallery)
  work: rs('work'),
  piwigoImageId: rs('piwigoImageId'),
  inGallery: rs('inGallery'),
  // Post (a WordPress page or post, one per language)
  wordpressId: rs('wordpressId'),
  publicationStatus: rs('publicationStatus'),
  slug: rs('slug'),
  // schema.org
  name: schema('name'),
  description: schema('description'),
  url: schema('url'),
  contentUrl: schema('contentUrl'),
  about: schema('about'),
  inLanguage: schema('inLanguage'),
  headline: schema('headline'),
  dateCreated: schema('dateCreated'),
  dateModified: schema('dateModified'),
} as const;

export const XSD = {
  integer: xsd('integer'),
  dateTime: xsd('dateTime'),
} as const;

/** The IRI of a Wikidata entity. */
export function wikidataIri(qid: string): string {
  return STATE_GRAPH_PREFIXES.wd + qid;
}

/** The IRIs Relais mints for what it published about an artist (`rsd:Q296-gallery`, `rsd:Q296-post-fr`…). */
export const stateIri = {
  gallery: (artistQid: string): string => `${STATE_GRAPH_PREFIXES.rsd}${artistQid}-gallery`,
  image: (artistQid: string, workQid: string): string => `${STATE_GRAPH_PREFIXES.rsd}${artistQid}-image-${workQid}`,
  post: (artistQid: string, language: string): string => `${STATE_GRAPH_PREFIXES.rsd}${artistQid}-post-${language}`,
};
