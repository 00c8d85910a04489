import { DataFactory, Writer, type NamedNode, type Quad, type Quad_Object } from 'n3';
import type { ArtistPublicationState, GalleryState, PostState, UploadedImageState } from './scrutart-state';
import { RS, STATE_GRAPH_PREFIXES, XSD, stateIri, wikidataIri } from './state-graph.vocabulary';

/** Serialises the Scrutart state as RDF Turtle with n3's Writer (vocabulary: state-graph.vocabulary.ts). */
export function writeStateGraph(artists: readonly ArtistPublicationState[]): Promise<string> {
  const writer = new Writer({ prefixes: { ...STATE_GRAPH_PREFIXES } });
  for (const artist of artists) writer.addQuads(artistQuads(artist));
  return new Promise((resolve, reject) => {
    writer.end((error: Error | null, turtle: string) => {
      if (error) reject(error);
      else resolve(turtle);
    });
  });
}

function artistQuads(artist: ArtistPublicationState): Quad[] {
  const subject = wikidataIri(artist.qid);
  const triples = new TripleList(subject);
  triples.add(RS.type, node(RS.Artist));
  triples.add(RS.name, text(artist.name));
  triples.add(RS.description, text(artist.description));
  triples.add(RS.worksCount, integer(artist.worksCount));
  triples.add(RS.lastProcessedAt, dateTime(artist.lastProcessedAt));
  triples.add(RS.lastRunId, text(artist.lastRunId));
  const all = [triples];
  if (artist.gallery) {
    triples.add(RS.gallery, node(stateIri.gallery(artist.qid)));
    all.push(galleryTriples(artist.qid, artist.gallery));
  }
  for (const image of artist.images) {
    triples.add(RS.uploadedImage, node(stateIri.image(artist.qid, image.workQid)));
    all.push(imageTriples(artist.qid, image, artist.gallery !== null));
  }
  for (const post of artist.posts) {
    triples.add(RS.post, node(stateIri.post(artist.qid, post.language)));
    all.push(postTriples(artist.qid, post));
  }
  return all.flatMap((list) => list.quads);
}

function galleryTriples(artistQid: string, gallery: GalleryState): TripleList {
  const triples = new TripleList(stateIri.gallery(artistQid));
  triples.add(RS.type, node(RS.Gallery));
  triples.add(RS.piwigoCategoryId, integer(gallery.piwigoCategoryId));
  triples.add(RS.url, iri(gallery.url));
  triples.add(RS.about, node(wikidataIri(artistQid)));
  return triples;
}

function imageTriples(artistQid: string, image: UploadedImageState, hasGallery: boolean): TripleList {
  const triples = new TripleList(stateIri.image(artistQid, image.workQid));
  triples.add(RS.type, node(RS.UploadedImage));
  triples.add(RS.work, node(wikidataIri(image.workQid)));
  triples.add(RS.piwigoImageId, integer(image.piwigoImageId));
  if (hasGallery) triples.add(RS.inGallery, node(stateIri.gallery(artistQid)));
  triples.add(RS.name, text(image.title));
  triples.add(RS.contentUrl, iri(image.sourceUrl));
  triples.add(RS.dateCreated, dateTime(image.uploadedAt));
  return triples;
}

function postTriples(artistQid: string, post: PostState): TripleList {
  const triples = new TripleList(stateIri.post(artistQid, post.language));
  triples.add(RS.type, node(RS.Post));
  triples.add(RS.about, node(wikidataIri(artistQid)));
  triples.add(RS.inLanguage, text(post.language));
  triples.add(RS.wordpressId, integer(post.wordpressId));
  triples.add(RS.url, iri(post.link));
  triples.add(RS.publicationStatus, text(post.status));
  triples.add(RS.slug, text(post.slug));
  triples.add(RS.headline, text(post.title, post.language));
  triples.add(RS.lastRunId, text(post.runId));
  triples.add(RS.dateCreated, dateTime(post.createdAt));
  triples.add(RS.dateModified, dateTime(post.updatedAt));
  return triples;
}

/** The triples of one subject; unknown values (null) are left out rather than written as empty literals. */
class TripleList {
  readonly quads: Quad[] = [];

  constructor(private readonly subject: string) {}

  add(predicate: string, object: Quad_Object | null): void {
    if (object !== null) this.quads.push(DataFactory.quad(node(this.subject), node(predicate), object));
  }
}

function node(iri: string): NamedNode {
  return DataFactory.namedNode(iri);
}

function text(value: string | null, language?: string): Quad_Object | null {
  return value === null ? null : DataFactory.literal(value, language);
}

function integer(value: number | null): Quad_Object | null {
  return value === null ? null : DataFactory.literal(String(value), node(XSD.integer));
}

function dateTime(epochMs: number | null): Quad_Object | null {
  return epochMs === null ? null : DataFactory.literal(new Date(epochMs).toISOString(), node(XSD.dateTime));
}

/** A link as an IRI; a value that is not an absolute http(s) URL is dropped rather than written as a broken IRI. */
function iri(url: string | null): Quad_Object | null {
  if (url === null || !/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(url)) return null;
  return node(url);
}
