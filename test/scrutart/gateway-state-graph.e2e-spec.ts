import { DataFactory, Parser, Store, type Term } from 'n3';
import { Store as SparqlStore } from 'oxigraph';
import {
  ScrutartArtistRepository,
  ScrutartImageRepository,
  ScrutartPostRepository,
} from '@relais/domains/scrutart/persistence';
import { useApiGateway } from '../gateway/api-test-gateway';
import { callApi } from '../gateway/gateway-harness';

const { namedNode } = DataFactory;
const RS = 'https://relais.invalid/scrutart#';
const RSD = 'https://relais.invalid/scrutart/state/';
const WD = 'http://www.wikidata.org/entity/';
const SCHEMA = 'http://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const rs = (name: string) => namedNode(RS + name);
const wd = (qid: string) => namedNode(WD + qid);
const schema = (name: string) => namedNode(SCHEMA + name);

describe('GET /api/scrutart/state.ttl (state rows written through the Scrutart repositories)', () => {
  const api = useApiGateway({ env: { COMMONS_FILE_URL: 'https://commons.test/wiki/Special:FilePath/' } });

  beforeAll(async () => {
    const artists = api.gateway.moduleRef.get(ScrutartArtistRepository);
    const images = api.gateway.moduleRef.get(ScrutartImageRepository);
    const posts = api.gateway.moduleRef.get(ScrutartPostRepository);
    const at = Date.UTC(2024, 7, 30, 12, 0, 0);
    await artists.save(
      {
        qid: 'Q296',
        name: 'Claude Monet',
        description: 'peintre français',
        worksCount: 2012,
        piwigoGalleryId: 12,
        piwigoGalleryUrl: 'https://piwigo.test/index.php?/category/12',
        lastRunId: '8d7f5a4e-0000-4000-8000-000000000001',
        lastProcessedAt: at,
      },
      at,
    );
    for (const [workQid, piwigoImageId, file] of [
      ['Q1', 101, 'Impression,_soleil_levant.jpg'],
      ['Q2', 102, 'Claude_Monet_-_Water_Lilies.jpg'],
    ] as const) {
      await images.record({
        artistQid: 'Q296',
        workQid,
        commonsFile: file,
        title: null,
        piwigoImageId,
        piwigoGalleryId: 12,
        uploadedAt: at,
      });
    }
    const post = { qid: 'Q296', content: null, runId: '8d7f5a4e-0000-4000-8000-000000000001' };
    await posts.save(
      {
        ...post,
        lang: 'fr',
        slug: 'q296-fr',
        title: 'Où trouver Claude Monet dans Wikidata',
        status: 'publish',
        wordpressId: 77,
        link: 'https://wp.test/q296-fr/',
      },
      at,
    );
    await posts.save(
      {
        ...post,
        lang: 'en',
        slug: 'q296-en',
        title: 'Where to find Claude Monet in Wikidata',
        status: 'local-draft',
        wordpressId: null,
        link: null,
      },
      at,
    );
    // A second artist, processed without Piwigo: no gallery, no images, one local draft.
    await artists.save({ qid: 'Q5582', name: 'Vincent van Gogh', worksCount: 900, lastProcessedAt: at - 1000 }, at);
    await posts.save(
      {
        qid: 'Q5582',
        lang: 'fr',
        slug: 'q5582-fr',
        title: 'Vincent van Gogh',
        status: 'local-draft',
        wordpressId: null,
        link: null,
        content: '<!-- wp:paragraph -->',
        runId: null,
      },
      at,
    );
  });

  async function stateGraph(query = ''): Promise<{ turtle: string; store: Store }> {
    const response = await callApi<string>(api.gateway, 'GET', `/api/scrutart/state.ttl${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/turtle/);
    return { turtle: response.body, store: new Store(new Parser({ format: 'text/turtle' }).parse(response.body)) };
  }

  const objects = (store: Store, subject: Term, predicate: Term): string[] =>
    store.getObjects(subject, predicate, null).map((term) => term.value);

  it('describes each artist, its gallery, its image mappings and its post per language', async () => {
    const { store } = await stateGraph();
    expect(
      store
        .getSubjects(namedNode(RDF_TYPE), rs('Artist'), null)
        .map((term) => term.value)
        .sort(),
    ).toEqual([`${WD}Q296`, `${WD}Q5582`]);
    expect(objects(store, wd('Q296'), schema('name'))).toEqual(['Claude Monet']);
    expect(objects(store, wd('Q296'), rs('worksCount'))).toEqual(['2012']);

    const [gallery] = store.getObjects(wd('Q296'), rs('gallery'), null);
    expect(gallery.value).toBe(`${RSD}Q296-gallery`);
    expect(objects(store, gallery, rs('piwigoCategoryId'))).toEqual(['12']);
    expect(objects(store, gallery, schema('url'))).toEqual(['https://piwigo.test/index.php?/category/12']);

    const mappings = store
      .getObjects(wd('Q296'), rs('uploadedImage'), null)
      .map((image) => [objects(store, image, rs('work'))[0], objects(store, image, rs('piwigoImageId'))[0]])
      .sort();
    expect(mappings).toEqual([
      [`${WD}Q1`, '101'],
      [`${WD}Q2`, '102'],
    ]);
    const [firstImage] = store.getSubjects(rs('work'), wd('Q1'), null);
    expect(objects(store, firstImage, schema('contentUrl'))).toEqual([
      'https://commons.test/wiki/Special:FilePath/Impression%2C_soleil_levant.jpg',
    ]);

    const postsByLanguage = Object.fromEntries(
      store.getObjects(wd('Q296'), rs('post'), null).map((post) => [
        objects(store, post, schema('inLanguage'))[0],
        {
          wordpressId: objects(store, post, rs('wordpressId'))[0],
          link: objects(store, post, schema('url'))[0],
          status: objects(store, post, rs('publicationStatus'))[0],
          modified: objects(store, post, schema('dateModified'))[0],
        },
      ]),
    );
    expect(postsByLanguage).toEqual({
      fr: {
        wordpressId: '77',
        link: 'https://wp.test/q296-fr/',
        status: 'publish',
        modified: '2024-08-30T12:00:00.000Z',
      },
      en: { wordpressId: undefined, link: undefined, status: 'local-draft', modified: '2024-08-30T12:00:00.000Z' },
    });

    expect(store.getObjects(wd('Q5582'), rs('gallery'), null)).toEqual([]);
    expect(store.getObjects(wd('Q5582'), rs('uploadedImage'), null)).toEqual([]);
  });

  it('answers SPARQL over the parsed graph: which language is published where', async () => {
    const { turtle } = await stateGraph();
    const sparql = new SparqlStore();
    sparql.load(turtle, { format: 'text/turtle' });
    const rows = sparql.query(`
      PREFIX rs: <${RS}>
      PREFIX schema: <${SCHEMA}>
      SELECT ?artist ?lang ?status WHERE {
        ?artist a rs:Artist ; rs:post ?post .
        ?post schema:inLanguage ?lang ; rs:publicationStatus ?status .
      } ORDER BY ?artist ?lang`) as Map<string, Term>[];
    expect(rows.map((row) => [row.get('artist')?.value, row.get('lang')?.value, row.get('status')?.value])).toEqual([
      [`${WD}Q296`, 'en', 'local-draft'],
      [`${WD}Q296`, 'fr', 'publish'],
      [`${WD}Q5582`, 'fr', 'local-draft'],
    ]);
  });

  it('exports one artist with ?qid=, and nothing for an artist never processed', async () => {
    const { store } = await stateGraph('?qid=Q5582');
    expect(store.getSubjects(namedNode(RDF_TYPE), rs('Artist'), null).map((term) => term.value)).toEqual([
      `${WD}Q5582`,
    ]);
    const empty = await stateGraph('?qid=Q762');
    expect(empty.store.size).toBe(0);
  });

  it('answers 400 naming qid when it is malformed, and 401 without a token', async () => {
    const bad = await callApi<{ message: string }>(api.gateway, 'GET', '/api/scrutart/state.ttl?qid=Monet');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/qid must be a Wikidata item id/);
    const anonymous = await callApi(api.gateway, 'GET', '/api/scrutart/state.ttl', { token: null });
    expect(anonymous.status).toBe(401);
  });
});
