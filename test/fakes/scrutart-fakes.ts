import { WikidataFixtureGraph } from '../fixtures/wikidata/wikidata-fixture-graph';
import { FakeCommons } from './commons.fake';
import { TEST_USER_AGENT } from './fake-http-server';
import { FakePiwigo } from './piwigo.fake';
import { FakeWikidataActionApi } from './wikidata-action-api.fake';
import { FakeWikidataQueryService } from './wikidata-query-service.fake';
import { FakeWordPress } from './wordpress.fake';

export interface ScrutartFakesOptions {
  /** SYNTHETIC artists added to the fixture graph (their QIDs are in `syntheticQids`). Default 0. */
  syntheticArtists?: number;
  /** Start the WordPress fake and configure it (default true). */
  wordpress?: boolean;
  /** Start the Piwigo fake and configure it (default true). */
  piwigo?: boolean;
}

/** Every fake external server Scrutart talks to, started, with the environment that points Relais at them. */
export interface ScrutartFakes {
  graph: WikidataFixtureGraph;
  syntheticQids: string[];
  queryService: FakeWikidataQueryService;
  actionApi: FakeWikidataActionApi;
  commons: FakeCommons;
  wordpress: FakeWordPress | null;
  piwigo: FakePiwigo | null;
  /** Environment variables for testConfig(env): WIKIDATA_*, COMMONS_FILE_URL, WORDPRESS_*, PIWIGO_*, short HTTP retries. */
  env: Record<string, string>;
  /** Stops every fake. */
  stop(): Promise<void>;
}

/** Starts the Scrutart fakes on free ports. */
export async function startScrutartFakes(options: ScrutartFakesOptions = {}): Promise<ScrutartFakes> {
  const graph = WikidataFixtureGraph.load();
  const syntheticQids = graph.addSyntheticArtists(options.syntheticArtists ?? 0);
  const started: { stop(): Promise<void> }[] = [];
  try {
    const queryService = await new FakeWikidataQueryService(graph).start();
    started.push(queryService);
    const actionApi = await new FakeWikidataActionApi(graph).start();
    started.push(actionApi);
    const commons = await new FakeCommons().start();
    started.push(commons);
    const wordpress = options.wordpress === false ? null : await new FakeWordPress().start();
    if (wordpress) started.push(wordpress);
    const piwigo = options.piwigo === false ? null : await new FakePiwigo().start();
    if (piwigo) started.push(piwigo);
    const env: Record<string, string> = {
      WIKIDATA_API_URL: actionApi.apiUrl,
      WIKIDATA_SPARQL_URL: queryService.sparqlUrl,
      WIKIMEDIA_USER_AGENT: TEST_USER_AGENT,
      COMMONS_FILE_URL: commons.fileUrl,
      HTTP_TIMEOUT_MS: '10000',
      HTTP_MAX_RETRIES: '2',
    };
    if (wordpress) {
      env.WORDPRESS_URL = wordpress.url;
      env.WORDPRESS_USERNAME = wordpress.credentials.username;
      env.WORDPRESS_APP_PASSWORD = wordpress.credentials.appPassword;
    }
    if (piwigo) {
      env.PIWIGO_URL = piwigo.url;
      env.PIWIGO_USERNAME = piwigo.credentials.username;
      env.PIWIGO_PASSWORD = piwigo.credentials.password;
    }
    return {
      graph,
      syntheticQids,
      queryService,
      actionApi,
      commons,
      wordpress,
      piwigo,
      env,
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

async function stopAll(servers: { stop(): Promise<void> }[]): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
}
