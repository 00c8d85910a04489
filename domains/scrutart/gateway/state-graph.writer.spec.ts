import { DataFactory, Parser, Store } from 'n3';
import type { ArtistPublicationState } from './scrutart-state';
import { writeStateGraph } from './state-graph.writer';
import { RS, XSD, stateIri, wikidataIri } from './state-graph.vocabulary';

const { literal, namedNode } = DataFactory;

function monet(overrides: Partial<ArtistPublicationState> = {}): ArtistPublicationState {
  return {
    qid: 'Q296',
    name: 'Claude Monet',
    description: 'peintre français "impressionniste"\nnée au Havre',
    worksCount: 2012,
    lastProcessedAt: Date.UTC(2024, 7, 30, 12, 0, 0),
    lastRunId: '8d7f5a4e-0000-4000-8000-000000000001',
    gallery: { piwigoCategoryId: 12, url: 'https://piwigo.test/index.php?/category/12' },
    images: [
      {
        workQid: 'Q1',
        piwigoImageId: 101,
        title: 'Impression',
        sourceUrl: 'https://commons.test/A.jpg',
        uploadedAt: 0,
      },
      { workQid: 'Q2', piwigoImageId: 102, title: null, sourceUrl: null, uploadedAt: Date.UTC(2024, 7, 30) },
    ],
    posts: [
      {
        language: 'fr',
        wordpressId: 77,
        link: 'https://wp.test/q296-fr/',
        status: 'draft',
        slug: 'q296-fr',
        title: 'Où trouver Claude Monet dans Wikidata',
        runId: null,
        createdAt: 0,
        updatedAt: Date.UTC(2024, 7, 30, 12, 0, 0),
      },
      {
        language: 'en',
        wordpressId: null,
        link: null,
        status: 'local-draft',
        slug: 'q296-en',
        title: 'Where to find Claude Monet in Wikidata',
        runId: null,
        createdAt: 0,
        updatedAt: 0,
      },
    ],
    ...overrides,
  };
}

async function parsed(artists: ArtistPublicationState[]): Promise<{ turtle: string; store: Store }> {
  const turtle = await writeStateGraph(artists);
  return { turtle, store: new Store(new Parser({ format: 'text/turtle' }).parse(turtle)) };
}

describe('writeStateGraph', () => {
  it('writes artists, galleries, image mappings and posts that parse back into the same facts', async () => {
    const { turtle, store } = await parsed([monet()]);
    expect(turtle).toContain('@prefix rs: <https://relais.invalid/scrutart#>');
    const artist = namedNode(wikidataIri('Q296'));

    expect(store.has(DataFactory.quad(artist, namedNode(RS.type), namedNode(RS.Artist)))).toBe(true);
    expect(store.getObjects(artist, namedNode(RS.name), null)).toEqual([literal('Claude Monet')]);
    expect(store.getObjects(artist, namedNode(RS.description), null)).toEqual([
      literal('peintre français "impressionniste"\nnée au Havre'),
    ]);
    expect(store.getObjects(artist, namedNode(RS.worksCount), null)[0]).toEqual(
      literal('2012', namedNode(XSD.integer)),
    );

    const gallery = namedNode(stateIri.gallery('Q296'));
    expect(store.getObjects(artist, namedNode(RS.gallery), null)).toEqual([gallery]);
    expect(store.getObjects(gallery, namedNode(RS.piwigoCategoryId), null)[0].value).toBe('12');
    expect(store.getObjects(gallery, namedNode(RS.url), null)[0]).toEqual(
      namedNode('https://piwigo.test/index.php?/category/12'),
    );

    const mappings = store
      .getObjects(artist, namedNode(RS.uploadedImage), null)
      .map((image) => [
        store.getObjects(image, namedNode(RS.work), null)[0].value,
        store.getObjects(image, namedNode(RS.piwigoImageId), null)[0].value,
      ]);
    expect(mappings.sort()).toEqual([
      [wikidataIri('Q1'), '101'],
      [wikidataIri('Q2'), '102'],
    ]);

    const french = namedNode(stateIri.post('Q296', 'fr'));
    expect(store.getObjects(french, namedNode(RS.wordpressId), null)[0].value).toBe('77');
    expect(store.getObjects(french, namedNode(RS.publicationStatus), null)[0].value).toBe('draft');
    expect(store.getObjects(french, namedNode(RS.dateModified), null)[0]).toEqual(
      literal('2024-08-30T12:00:00.000Z', namedNode(XSD.dateTime)),
    );
    const english = namedNode(stateIri.post('Q296', 'en'));
    expect(store.getObjects(english, namedNode(RS.publicationStatus), null)[0].value).toBe('local-draft');
    expect(store.getObjects(english, namedNode(RS.headline), null)).toEqual([
      literal('Where to find Claude Monet in Wikidata', 'en'),
    ]);
    // Unknown values are left out, not written as empty literals.
    expect(store.getObjects(english, namedNode(RS.wordpressId), null)).toEqual([]);
    expect(store.getObjects(english, namedNode(RS.url), null)).toEqual([]);
  });

  it('drops a link that is not an absolute http(s) URL instead of writing a broken IRI', async () => {
    const artist = monet({
      gallery: { piwigoCategoryId: 3, url: 'not a url>' },
      images: [],
      posts: [],
    });
    const { store } = await parsed([artist]);
    const gallery = namedNode(stateIri.gallery('Q296'));
    expect(store.getObjects(gallery, namedNode(RS.url), null)).toEqual([]);
    expect(store.getObjects(gallery, namedNode(RS.piwigoCategoryId), null)[0].value).toBe('3');
  });

  it('writes an empty but valid document when nothing was processed yet', async () => {
    const { turtle, store } = await parsed([]);
    expect(store.size).toBe(0);
    expect(turtle).toContain('@prefix wd: <http://www.wikidata.org/entity/>');
  });
});
