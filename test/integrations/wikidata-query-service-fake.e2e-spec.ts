import { FakeWikidataQueryService, MONET_WORK_COUNT, WikidataFixtureGraph } from '../fakes';

interface SparqlJson {
  head: { vars: string[] };
  results: { bindings: Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>[] };
}

const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

/** The fake Query Service evaluates SPARQL for real (oxigraph) and emulates WDQS's label service and wire format. */
describe('FakeWikidataQueryService', () => {
  let graph: WikidataFixtureGraph;
  let service: FakeWikidataQueryService;

  const select = async (query: string): Promise<SparqlJson> => {
    const response = await fetch(service.sparqlUrl, {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/sparql-results+json;charset=utf-8');
    return (await response.json()) as SparqlJson;
  };

  beforeAll(async () => {
    graph = WikidataFixtureGraph.load();
    service = await new FakeWikidataQueryService(graph).start();
  });

  afterAll(async () => {
    await service.stop();
  });

  it("counts Monet's works with WDQS's predefined prefixes and an xsd:integer result", async () => {
    const result = await select('SELECT (COUNT(DISTINCT ?work) AS ?works) WHERE { ?work wdt:P170 wd:Q296 }');
    expect(result.head.vars).toEqual(['works']);
    expect(result.results.bindings).toEqual([
      { works: { type: 'literal', value: String(MONET_WORK_COUNT), datatype: XSD_INTEGER } },
    ]);
  });

  it('counts works with an image (P18 or P7420) and paintings only', async () => {
    const withImage = await select(`SELECT (COUNT(DISTINCT ?work) AS ?n) WHERE {
      ?work wdt:P170 wd:Q296 . { ?work wdt:P18 ?image } UNION { ?work wdt:P7420 ?image } }`);
    expect(withImage.results.bindings[0].n.value).toBe('21');
    const paintings = await select(
      'SELECT (COUNT(?work) AS ?n) WHERE { ?work wdt:P170 wd:Q296 ; wdt:P31 wd:Q3305213 }',
    );
    expect(paintings.results.bindings[0].n.value).toBe('27');
  });

  it('binds ?xLabel in the first language that has one, falling back to the next, then to the id', async () => {
    const result = await select(`SELECT ?work ?workLabel ?workDescription WHERE {
        VALUES ?work { wd:Q328523 wd:Q99100000019 }
        SERVICE wikibase:label { bd:serviceParam wikibase:language "fr,en". }
      } ORDER BY ?work`);

    expect(result.head.vars).toEqual(['work', 'workLabel', 'workDescription']);
    expect(result.results.bindings).toEqual([
      {
        work: { type: 'uri', value: 'http://www.wikidata.org/entity/Q328523' },
        workLabel: { type: 'literal', value: 'Impression, soleil levant', 'xml:lang': 'fr' },
        workDescription: { type: 'literal', value: 'peinture de Claude Monet', 'xml:lang': 'fr' },
      },
      {
        work: { type: 'uri', value: 'http://www.wikidata.org/entity/Q99100000019' },
        workLabel: { type: 'literal', value: 'Étretat, the Cliff of Aval', 'xml:lang': 'en' },
        workDescription: { type: 'literal', value: 'painting by Claude Monet', 'xml:lang': 'en' },
      },
    ]);

    const german = await select(
      'SELECT ?work ?workLabel ?workDescription WHERE { VALUES ?work { wd:Q328523 } SERVICE wikibase:label { bd:serviceParam wikibase:language "de". } }',
    );
    expect(german.results.bindings).toEqual([
      {
        work: { type: 'uri', value: 'http://www.wikidata.org/entity/Q328523' },
        workLabel: { type: 'literal', value: 'Q328523' },
      },
    ]);
  });

  it('groups by a labelled variable even when the label service comes first in the query', async () => {
    const result = await select(`SELECT ?depicted ?depictedLabel (COUNT(?work) AS ?works) WHERE {
        SERVICE wikibase:label { bd:serviceParam wikibase:language "es,en". }
        ?work wdt:P170 wd:Q296 ; wdt:P180 ?depicted .
      } GROUP BY ?depicted ?depictedLabel HAVING (COUNT(?work) > 8) ORDER BY DESC(?works)`);

    expect(result.results.bindings.map((row) => [row.depictedLabel.value, Number(row.works.value)])).toEqual([
      ['cielo', 18],
      ['mujer', 10],
      ['flor', 9],
    ]);
  });

  it('honours the manual mode of the label service', async () => {
    const result = await select(`SELECT ?name WHERE {
        BIND(wd:Q40415 AS ?movement)
        SERVICE wikibase:label { bd:serviceParam wikibase:language "es". ?movement rdfs:label ?name . }
      }`);
    expect(result.results.bindings).toEqual([{ name: { type: 'literal', value: 'impresionismo', 'xml:lang': 'es' } }]);
  });

  it("keeps SELECT * to the query's own variables", async () => {
    const result = await select(
      'SELECT * WHERE { BIND(wd:Q142 AS ?country) SERVICE wikibase:label { bd:serviceParam wikibase:language "fr". } }',
    );
    expect(result.head.vars).toEqual(['country']);
  });

  it('exposes statements with ranks (p:/ps:) beside the truthy wdt: triples', async () => {
    const statements = await select(`SELECT ?occupation ?rank WHERE {
        wd:Q296 p:P106 ?statement . ?statement ps:P106 ?occupation ; wikibase:rank ?rank . } ORDER BY ?rank`);
    expect(
      statements.results.bindings.map((row) => [
        row.occupation.value.split('/').pop(),
        row.rank.value.split('#').pop(),
      ]),
    ).toEqual([
      ['Q1925963', 'NormalRank'],
      ['Q1028181', 'PreferredRank'],
    ]);
    const truthy = await select('SELECT ?occupation WHERE { wd:Q296 wdt:P106 ?occupation }');
    expect(truthy.results.bindings).toHaveLength(1);
  });

  it('answers formatter URLs of the identifiers an artist has', async () => {
    const result = await select(`SELECT ?property ?id ?formatter WHERE {
        ?property wikibase:propertyType wikibase:ExternalId ; wikibase:directClaim ?direct ; wdt:P1630 ?formatter .
        wd:Q296 ?direct ?id . } ORDER BY ?property`);
    expect(result.results.bindings.map((row) => [row.property.value.split('/').pop(), row.id.value])).toEqual([
      ['P213', '0000000121244328'],
      ['P214', 'FIXTURE-VIAF-296'],
      ['P245', '500019484'],
      ['P268', 'FIXTURE-BNF-296'],
    ]);
  });

  it('counts Wikipedia articles about the works, per language', async () => {
    const result = await select(`SELECT ?language (COUNT(?article) AS ?articles) WHERE {
        ?work wdt:P170 wd:Q296 . ?article schema:about ?work ; schema:isPartOf/wikibase:wikiGroup "wikipedia" ; schema:inLanguage ?language .
      } GROUP BY ?language ORDER BY ?language`);
    expect(result.results.bindings.map((row) => [row.language.value, Number(row.articles.value)])).toEqual([
      ['en', 10],
      ['es', 2],
      ['fr', 13],
    ]);
  });

  it('answers works per year from P571', async () => {
    const result = await select(`SELECT ?year (COUNT(?work) AS ?works) WHERE {
        ?work wdt:P170 wd:Q296 ; wdt:P571 ?date . BIND(YEAR(?date) AS ?year) } GROUP BY ?year ORDER BY ?year LIMIT 3`);
    expect(result.results.bindings.map((row) => [Number(row.year.value), Number(row.works.value)])).toEqual([
      [1865, 1],
      [1866, 1],
      [1867, 1],
    ]);
  });

  it('includes SYNTHETIC artists added by tests', async () => {
    const [qid] = graph.addSyntheticArtists(1, { works: 4, imageEvery: 2 });
    const result = await select(`SELECT ?artistLabel (COUNT(?work) AS ?works) (COUNT(?image) AS ?images) WHERE {
        BIND(wd:${qid} AS ?artist) ?work wdt:P170 ?artist . OPTIONAL { ?work wdt:P18 ?image }
        SERVICE wikibase:label { bd:serviceParam wikibase:language "en". } } GROUP BY ?artistLabel`);
    expect(result.results.bindings[0].artistLabel.value).toMatch(/^Synthetic Painter \d+$/);
    expect([result.results.bindings[0].works.value, result.results.bindings[0].images.value]).toEqual(['4', '2']);
  });

  it('accepts GET ?query= and application/sparql-query, and answers XML when JSON is not asked for', async () => {
    const query = 'ASK { wd:Q296 wdt:P31 wd:Q5 }';
    const viaGet = await fetch(`${service.sparqlUrl}?query=${encodeURIComponent(query)}&format=json`);
    expect(await viaGet.json()).toEqual({ head: {}, boolean: true });
    const direct = await fetch(service.sparqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
      body: query,
    });
    expect(await direct.json()).toEqual({ head: {}, boolean: true });
    const xml = await fetch(`${service.sparqlUrl}?query=${encodeURIComponent(query)}`);
    expect(xml.headers.get('content-type')).toBe('application/sparql-results+xml;charset=utf-8');
    expect(await xml.text()).toContain('<boolean>true</boolean>');
  });

  it('answers 400 with the parser message to a malformed query', async () => {
    const response = await fetch(service.sparqlUrl, {
      method: 'POST',
      body: new URLSearchParams({ query: 'SELECT WHERE {' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('MalformedQueryException');
  });
});
