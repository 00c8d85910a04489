import {
  bestClaims,
  claimEntityIds,
  claimStrings,
  claimYears,
  HttpStatusError,
  HttpTimeoutError,
  RequestAbortedError,
  RetryNotice,
  sparqlEntityId,
  sparqlNumber,
  WikidataApiError,
  WikidataClient,
  WikidataClientOptions,
} from '@relais/integrations';
import { waitFor } from '../support/test-env';
import {
  FakeWikidataActionApi,
  FakeWikidataQueryService,
  MINOR_ARTIST_QID,
  MONET_QID,
  MONET_WORK_COUNT,
  TEST_USER_AGENT,
  WikidataFixtureGraph,
} from '../fakes';

const COUNT_MONET_WORKS = 'SELECT (COUNT(?work) AS ?count) WHERE { ?work wdt:P170 wd:Q296 . }';

describe('WikidataClient against the fake Action API and Query Service', () => {
  let graph: WikidataFixtureGraph;
  let queryService: FakeWikidataQueryService;
  let actionApi: FakeWikidataActionApi;
  let retries: RetryNotice[];

  const client = (options: Partial<WikidataClientOptions> = {}): WikidataClient =>
    new WikidataClient({
      apiUrl: actionApi.apiUrl,
      sparqlUrl: queryService.sparqlUrl,
      userAgent: TEST_USER_AGENT,
      maxConcurrent: 5,
      cacheTtlMs: 60_000,
      timeoutMs: 10_000,
      maxRetries: 2,
      baseDelayMs: 20,
      onRetry: (notice) => retries.push(notice),
      ...options,
    });

  beforeAll(async () => {
    graph = WikidataFixtureGraph.load();
    queryService = await new FakeWikidataQueryService(graph).start();
    actionApi = await new FakeWikidataActionApi(graph).start();
  });

  afterAll(async () => {
    await queryService.stop();
    await actionApi.stop();
  });

  beforeEach(() => {
    queryService.reset();
    queryService.responseDelayMs = 0;
    actionApi.reset();
    retries = [];
  });

  describe('getEntities (wbgetentities)', () => {
    it('returns typed, simplified entities and lists missing ids', async () => {
      const result = await client().getEntities([MONET_QID, 'Q99999999999', 'P214'], { languages: ['fr', 'en'] });

      expect(result.missing).toEqual(['Q99999999999']);
      const monet = result.entities[MONET_QID];
      expect(monet.labels).toEqual({ fr: 'Claude Monet', en: 'Claude Monet' });
      expect(monet.descriptions.fr).toBe('peintre impressionniste français');
      expect(claimEntityIds(monet, 'P31')).toEqual(['Q5']);
      expect(claimEntityIds(monet, 'P27')).toEqual(['Q142']);
      expect(claimEntityIds(monet, 'P135')).toEqual(['Q40415']);
      expect(claimYears(monet, 'P569')).toEqual([1840]);
      expect(claimYears(monet, 'P570')).toEqual([1926]);
      expect(claimStrings(monet, 'P18')).toEqual(['Claude Monet 1899 Nadar crop.jpg']);
      expect(claimStrings(monet, 'P245')).toEqual(['500019484']);
      expect(monet.claims.P213[0]).toMatchObject({
        datatype: 'external-id',
        value: { type: 'external-id', value: '0000000121244328' },
      });
      expect(monet.claims.P569[0].value).toMatchObject({ type: 'time', time: '+1840-11-14T00:00:00Z', precision: 11 });
      expect(monet.sitelinks.frwiki).toEqual({
        site: 'frwiki',
        title: 'Claude Monet',
        url: 'https://fr.wikipedia.org/wiki/Claude_Monet',
      });
      // Truthy claims: the preferred occupation hides the normal one, as wdt: does.
      expect(monet.claims.P106.map((claim) => claim.rank)).toEqual(['preferred', 'normal']);
      expect(bestClaims(monet, 'P106').map((claim) => claim.value)).toEqual([{ type: 'entity', id: 'Q1028181' }]);
      const viaf = result.entities.P214;
      expect(viaf).toMatchObject({ type: 'property', datatype: 'external-id' });
      expect(claimStrings(viaf, 'P1630')).toEqual(['https://viaf.org/viaf/$1/']);

      const [request] = actionApi.requests;
      expect(request.headers['user-agent']).toBe(TEST_USER_AGENT);
      expect(request.query).toMatchObject({
        action: 'wbgetentities',
        format: 'json',
        ids: 'Q296|Q99999999999|P214',
        languages: 'fr|en',
        maxlag: '5',
      });
    });

    it('describes a sparse minor artist without inventing facts', async () => {
      const cario = await client().getEntity(MINOR_ARTIST_QID);
      expect(cario?.labels.fr).toBe('Louis Cario');
      expect(claimYears(cario!, 'P569')).toEqual([]);
      expect(cario?.sitelinks).toEqual({});
    });

    it('treats ids that are not entity ids as missing without asking Wikidata', async () => {
      const result = await client().getEntities(['not-an-id', 'q296']);
      expect(result.missing).toEqual(['NOT-AN-ID']);
      expect(Object.keys(result.entities)).toEqual(['Q296']);
      expect(actionApi.requests).toHaveLength(1);
    });

    it('asks for at most 50 ids per request', async () => {
      const ids = Array.from({ length: 120 }, (_, index) => `Q${index + 1000}`);
      const result = await client().getEntities(ids, { props: ['labels'] });
      expect(result.missing).toHaveLength(120);
      expect(actionApi.requests.map((request) => request.query.ids?.split('|').length)).toEqual([50, 50, 20]);
    });

    it('serves a second identical request from its cache', async () => {
      const wikidata = client();
      await wikidata.getEntity(MONET_QID, { languages: ['fr'] });
      await wikidata.getEntity(MONET_QID, { languages: ['fr'] });
      expect(actionApi.requests).toHaveLength(1);
      await wikidata.getEntity(MONET_QID, { languages: ['fr'], cache: false });
      expect(actionApi.requests).toHaveLength(2);
    });

    it('waits and retries when Wikidata answers maxlag, then gives up with its error', async () => {
      actionApi.lagNext(1);
      const entity = await client().getEntity(MONET_QID, { cache: false });
      expect(entity?.id).toBe(MONET_QID);
      expect(actionApi.requests).toHaveLength(2);

      actionApi.lagNext(10);
      const failure = client({ maxRetries: 1, maxRetryAfterMs: 50 }).getEntity(MONET_QID, { cache: false });
      await expect(failure).rejects.toThrow(WikidataApiError);
      await expect(failure).rejects.toThrow(/maxlag/);
    });
  });

  describe('sparqlSelect (Query Service)', () => {
    it('POSTs the query as a form asking for SPARQL JSON results, with the User-Agent', async () => {
      const result = await client().sparqlSelect(COUNT_MONET_WORKS);

      expect(result.vars).toEqual(['count']);
      expect(sparqlNumber(result.rows[0], 'count')).toBe(MONET_WORK_COUNT);
      const [request] = queryService.requests;
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(request.headers.accept).toBe('application/sparql-results+json');
      expect(request.headers['user-agent']).toBe(TEST_USER_AGENT);
      expect(request.form.query).toBe(COUNT_MONET_WORKS);
    });

    it('caches by query text: the same query twice makes one request', async () => {
      const wikidata = client();
      const first = await wikidata.sparqlSelect(COUNT_MONET_WORKS);
      const second = await wikidata.sparqlSelect(COUNT_MONET_WORKS);
      expect(second).toEqual(first);
      expect(queryService.requests).toHaveLength(1);

      await wikidata.sparqlSelect(`${COUNT_MONET_WORKS} # other text`);
      expect(queryService.requests).toHaveLength(2);
    });

    it('never has more than maxConcurrent queries in flight', async () => {
      queryService.responseDelayMs = 250;
      const wikidata = client({ maxConcurrent: 5 });
      const queries = Array.from(
        { length: 20 },
        (_, index) => `SELECT ?work WHERE { ?work wdt:P170 wd:Q296 } LIMIT ${index + 1}`,
      );

      const results = await Promise.all(queries.map((query) => wikidata.sparqlSelect(query)));

      expect(results.map((result) => result.rows.length)).toEqual(queries.map((_, index) => index + 1));
      expect(queryService.requests).toHaveLength(20);
      expect(queryService.maxInFlight).toBe(5);
      expect(wikidata.queriesInFlight).toBe(0);
    });

    it('waits for Retry-After on 429, then succeeds', async () => {
      queryService.failNext(1, 429, { retryAfter: 1, body: 'Too Many Requests' });

      const result = await client().sparqlSelect(COUNT_MONET_WORKS);

      expect(sparqlNumber(result.rows[0], 'count')).toBe(MONET_WORK_COUNT);
      expect(queryService.requests).toHaveLength(2);
      expect(retries).toEqual([
        expect.objectContaining({ service: 'Wikidata Query Service', retry: 1, delayMs: 1000 }),
      ]);
      const [first, second] = queryService.requests;
      expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(990);
    });

    it('retries 5xx with backoff, then gives up with a message naming the service and status', async () => {
      queryService.failNext(3, 503, { body: 'Service Unavailable' });

      const failure = client({ maxRetries: 2 }).sparqlSelect(COUNT_MONET_WORKS);

      await expect(failure).rejects.toThrow(HttpStatusError);
      await expect(failure).rejects.toThrow(
        /^Wikidata Query Service answered 503 to POST http:\/\/127\.0\.0\.1:\d+\/sparql: server error \(gave up after 3 attempts\)$/,
      );
      expect(queryService.requests).toHaveLength(3);
      expect(retries.map((notice) => notice.retry)).toEqual([1, 2]);
    });

    it('reports a malformed query with the Query Service message and does not retry it', async () => {
      const failure = client().sparqlSelect('SELECT ?x WHERE { ?x wdt:P31 }');
      await expect(failure).rejects.toMatchObject({
        status: 400,
        bodyExcerpt: expect.stringContaining('MalformedQueryException') as string,
      });
      expect(queryService.requests).toHaveLength(1);
    });

    it('fails with a timeout error when the Query Service does not answer in time', async () => {
      queryService.hangNext(1);
      const failure = client({ timeoutMs: 300, maxRetries: 0 }).sparqlSelect(COUNT_MONET_WORKS);
      await expect(failure).rejects.toThrow(HttpTimeoutError);
      await expect(failure).rejects.toThrow(/Wikidata Query Service did not answer .* within 300 ms/);
    });

    it("stops waiting when the caller's signal aborts", async () => {
      queryService.failNext(1, 429, { retryAfter: 60 });
      const controller = new AbortController();
      const failure = client({ maxRetryAfterMs: 120_000 }).sparqlSelect(
        COUNT_MONET_WORKS,
        {},
        { signal: controller.signal },
      );
      await waitFor(() => retries.length === 1, { message: 'the client to schedule its retry' });
      controller.abort(new Error('run cancelled'));
      await expect(failure).rejects.toThrow(RequestAbortedError);
      await expect(failure).rejects.toThrow(/run cancelled/);
    });

    it('builds Query Service links that open the query, optionally as a chart', () => {
      const wikidata = new WikidataClient({ ...client().options, sparqlUrl: 'https://query.wikidata.org/sparql' });
      expect(wikidata.queryLink('SELECT 1 {}')).toBe('https://query.wikidata.org/#SELECT%201%20%7B%7D');
      expect(wikidata.queryLink('SELECT 1 {}', 'BarChart')).toBe(
        `https://query.wikidata.org/#${encodeURIComponent('#defaultView:BarChart\nSELECT 1 {}')}`,
      );
    });

    it('returns entity ids from wd: IRIs', async () => {
      const result = await client().sparqlSelect('SELECT ?artist WHERE { wd:Q328523 wdt:P170 ?artist }');
      expect(sparqlEntityId(result.rows[0], 'artist')).toBe(MONET_QID);
    });
  });
});
