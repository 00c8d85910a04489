import { ServerResponse } from 'node:http';
import { WikidataFixtureGraph } from '../fixtures/wikidata/wikidata-fixture-graph';
import { FakeHttpServer, RecordedRequest } from './fake-http-server';
import { rewriteLabelService } from './wikidata-label-service';

const JSON_RESULTS = 'application/sparql-results+json';
const XML_RESULTS = 'application/sparql-results+xml';

/**
 * Fake Wikidata Query Service at /sparql: evaluates the SPARQL it receives (GET ?query=, POST form query=, or POST
 * application/sparql-query) on the fixture graph with oxigraph, after rewriting SERVICE wikibase:label into
 * OPTIONAL label lookups, and answers application/sparql-results+json as WDQS does (XML when JSON is not asked
 * for, as WDQS does too). A malformed query gets 400 with the parser's message.
 */
export class FakeWikidataQueryService extends FakeHttpServer {
  constructor(readonly graph: WikidataFixtureGraph) {
    super();
  }

  /** Endpoint URL to configure as WIKIDATA_SPARQL_URL. */
  get sparqlUrl(): string {
    return `${this.url}/sparql`;
  }

  /** Queries received so far, as sent. */
  get queries(): string[] {
    return this.requests.map((request) => queryOf(request) ?? '');
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.path !== '/sparql') {
      this.sendNotFound(response);
      return;
    }
    const query = queryOf(request);
    if (!query) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=UTF-8' });
      response.end('Bad Request: no query given');
      return;
    }
    const accept = request.headers.accept ?? '';
    const wantsJson = request.query.format === 'json' || accept.includes('json');
    let body: string;
    let contentType: string;
    try {
      const rewritten = rewriteLabelService(query);
      const isGraphQuery = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(stripPrologue(rewritten));
      contentType = isGraphQuery ? 'text/turtle' : wantsJson ? JSON_RESULTS : XML_RESULTS;
      body = this.graph.store.query(rewritten, { results_format: contentType }) as string;
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain; charset=UTF-8' });
      response.end(
        `java.util.concurrent.ExecutionException: org.openrdf.query.MalformedQueryException: ${describe(error)}`,
      );
      return;
    }
    response.writeHead(200, { 'content-type': `${contentType};charset=utf-8`, 'x-served-by': 'fake-wdqs' });
    response.end(body);
  }
}

function queryOf(request: RecordedRequest): string | undefined {
  if (request.method === 'POST' && (request.headers['content-type'] ?? '').startsWith('application/sparql-query')) {
    return request.body.toString('utf8');
  }
  return request.form.query ?? request.query.query;
}

function stripPrologue(query: string): string {
  return query.replace(/^\s*(PREFIX\s+\S*:\s*<[^>]*>\s*|BASE\s+<[^>]*>\s*)*/i, '');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
