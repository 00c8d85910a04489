import { ServerResponse } from 'node:http';
import { literal, namedNode, Term } from 'oxigraph';
import { WikidataFixtureGraph } from '../fixtures/wikidata/wikidata-fixture-graph';
import { COMMONS_FILE_PATH, GREGORIAN, WIKIDATA_PREFIXES as NS } from '../fixtures/wikidata/wikidata-namespaces';
import { PROPERTY_TYPES } from '../fixtures/wikidata/wikidata-rdf.builder';
import { FakeHttpServer, RecordedRequest } from './fake-http-server';

const ENTITY_ID = /^[QP][1-9]\d*$/;
const MAX_IDS = 50;
const DEFAULT_PROPS = ['info', 'sitelinks', 'aliases', 'labels', 'descriptions', 'claims', 'datatype'];
const DATATYPE_OF_TYPE = new Map(Object.entries(PROPERTY_TYPES).map(([datatype, iri]) => [iri, datatype]));

type Json = Record<string, unknown>;

/**
 * Fake Wikidata Action API at /w/api.php: answers action=wbgetentities (format=json) from the fixture graph in the
 * real JSON shape (labels/descriptions/aliases by language, claims with mainsnak/datavalue/rank, sitelinks with
 * urls), {"id": "Q…", "missing": ""} for unknown ids, and MediaWiki's {error: {code, info}} for bad requests.
 * `lagNext(n)` answers maxlag errors as a lagged Wikidata does.
 */
export class FakeWikidataActionApi extends FakeHttpServer {
  private lagged = 0;

  constructor(readonly graph: WikidataFixtureGraph) {
    super();
  }

  /** Endpoint URL to configure as WIKIDATA_API_URL. */
  get apiUrl(): string {
    return `${this.url}/w/api.php`;
  }

  /** The next `count` requests that carry maxlag= get Wikidata's maxlag error (HTTP 200, Retry-After: 1). */
  lagNext(count: number): void {
    this.lagged += count;
  }

  protected override handle(request: RecordedRequest, response: ServerResponse): void {
    if (request.path !== '/w/api.php') {
      this.sendNotFound(response);
      return;
    }
    const params = { ...request.query, ...request.form };
    if (params.maxlag !== undefined && this.lagged > 0) {
      this.lagged -= 1;
      this.sendJson(
        response,
        200,
        {
          error: {
            code: 'maxlag',
            info: 'Waiting for all: 6.2 seconds lagged.',
            host: 'fake-db',
            lag: 6.2,
            type: 'wikibase-queryservice',
          },
        },
        { 'retry-after': '1', 'x-database-lag': '6' },
      );
      return;
    }
    if (params.action !== 'wbgetentities') {
      this.sendJson(
        response,
        200,
        apiError('badvalue', `Unrecognized value for parameter "action": ${params.action ?? ''}.`),
      );
      return;
    }
    const ids = (params.ids ?? '').split('|').filter((id) => id !== '');
    if (ids.length === 0) {
      this.sendJson(
        response,
        200,
        apiError(
          'param-missing',
          'Either provide the item "ids" or pairs of "sites" and "titles" for corresponding pages',
        ),
      );
      return;
    }
    if (ids.length > MAX_IDS) {
      this.sendJson(
        response,
        200,
        apiError('toomanyvalues', `Too many values supplied for parameter "ids". The limit is ${MAX_IDS}.`),
      );
      return;
    }
    const malformed = ids.find((id) => !ENTITY_ID.test(id));
    if (malformed) {
      this.sendJson(response, 200, {
        ...apiError('no-such-entity', `Could not find an entity with the ID "${malformed}".`),
        id: malformed,
      });
      return;
    }
    const props = new Set((params.props ?? DEFAULT_PROPS.join('|')).split('|'));
    const languages = params.languages ? new Set(params.languages.split('|')) : null;
    const entities: Json = {};
    for (const id of ids) entities[id] = this.entity(id, props, languages) ?? { id, missing: '' };
    this.sendJson(response, 200, { entities, success: 1 });
  }

  private entity(id: string, props: Set<string>, languages: Set<string> | null): Json | null {
    const subject = namedNode(NS.wd + id);
    const types = this.objects(subject, `${NS.rdf}type`).map((term) => term.value);
    const isProperty = types.includes(`${NS.wikibase}Property`);
    if (!isProperty && !types.includes(`${NS.wikibase}Item`)) return null;
    const entity: Json = { type: isProperty ? 'property' : 'item', id };
    if (isProperty && (props.has('datatype') || props.has('info'))) {
      const type = this.objects(subject, `${NS.wikibase}propertyType`).at(0)?.value ?? '';
      entity.datatype = DATATYPE_OF_TYPE.get(type) ?? 'string';
    }
    if (props.has('info')) {
      Object.assign(entity, {
        pageid: Number(id.slice(1)) + 100,
        ns: isProperty ? 120 : 0,
        title: isProperty ? `Property:${id}` : id,
        lastrevid: 2_000_000_000 + (Number(id.slice(1)) % 1_000_000),
        modified: '2025-01-15T10:00:00Z',
      });
    }
    const inLanguages = (term: Term): boolean =>
      term.termType === 'Literal' && (!languages || languages.has(term.language));
    if (props.has('labels')) entity.labels = this.byLanguage(subject, `${NS.rdfs}label`, inLanguages);
    if (props.has('descriptions'))
      entity.descriptions = this.byLanguage(subject, `${NS.schema}description`, inLanguages);
    if (props.has('aliases')) {
      const aliases: Record<string, Json[]> = {};
      for (const term of this.objects(subject, `${NS.skos}altLabel`).filter(inLanguages)) {
        const language = (term as ReturnType<typeof literal>).language;
        (aliases[language] ??= []).push({ language, value: term.value });
      }
      entity.aliases = aliases;
    }
    if (props.has('claims')) entity.claims = this.claims(id, subject);
    if (props.has('sitelinks') || props.has('sitelinks/urls'))
      entity.sitelinks = this.sitelinks(subject, props.has('sitelinks/urls'));
    return entity;
  }

  private claims(id: string, subject: ReturnType<typeof namedNode>): Record<string, Json[]> {
    const statements = this.graph.store
      .match(subject, null, null, null)
      .filter((quad) => /^P\d+$/.test(quad.predicate.value.slice(NS.p.length)) && quad.predicate.value.startsWith(NS.p))
      .map((quad) => ({
        property: quad.predicate.value.slice(NS.p.length),
        node: quad.object as ReturnType<typeof namedNode>,
      }))
      .sort((a, b) => statementOrder(a.node.value) - statementOrder(b.node.value));
    const claims: Record<string, Json[]> = {};
    for (const { property, node } of statements) {
      const value = this.objects(node, NS.ps + property).at(0);
      if (!value) continue;
      const rank =
        this.objects(node, `${NS.wikibase}rank`)
          .at(0)
          ?.value.replace(NS.wikibase, '')
          .replace('Rank', '')
          .toLowerCase() ?? 'normal';
      const datatype = this.datatypeOf(property, value);
      (claims[property] ??= []).push({
        mainsnak: {
          snaktype: 'value',
          property,
          hash: hashOf(node.value),
          datavalue: this.datavalue(node, property, value, datatype),
          datatype,
        },
        type: 'statement',
        id: `${id}$${node.value.slice(NS.wds.length)}`,
        rank,
      });
    }
    return claims;
  }

  private datavalue(node: ReturnType<typeof namedNode>, property: string, value: Term, datatype: string): Json {
    switch (datatype) {
      case 'wikibase-item':
      case 'wikibase-property': {
        const entityId = value.value.slice(NS.wd.length);
        return {
          value: {
            'entity-type': entityId.startsWith('P') ? 'property' : 'item',
            'numeric-id': Number(entityId.slice(1)),
            id: entityId,
          },
          type: 'wikibase-entityid',
        };
      }
      case 'time': {
        const timeNode = this.objects(node, NS.psv + property)[0] as ReturnType<typeof namedNode> | undefined;
        const precision = timeNode
          ? Number(this.objects(timeNode, `${NS.wikibase}timePrecision`).at(0)?.value ?? 11)
          : 11;
        return {
          value: { time: `+${value.value}`, timezone: 0, before: 0, after: 0, precision, calendarmodel: GREGORIAN },
          type: 'time',
        };
      }
      case 'commonsMedia':
        return { value: decodeURIComponent(value.value.slice(COMMONS_FILE_PATH.length)), type: 'string' };
      case 'quantity':
        return { value: { amount: value.value, unit: '1' }, type: 'quantity' };
      default:
        return { value: value.value, type: 'string' };
    }
  }

  private datatypeOf(property: string, value: Term): string {
    const declared = this.objects(namedNode(NS.wd + property), `${NS.wikibase}propertyType`).at(0);
    if (declared) return DATATYPE_OF_TYPE.get(declared.value) ?? 'string';
    if (value.termType === 'NamedNode') {
      if (value.value.startsWith(NS.wd)) return 'wikibase-item';
      return value.value.startsWith(COMMONS_FILE_PATH) ? 'commonsMedia' : 'url';
    }
    if (value.termType === 'Literal' && value.datatype.value === `${NS.xsd}dateTime`) return 'time';
    return 'string';
  }

  private sitelinks(subject: ReturnType<typeof namedNode>, withUrls: boolean): Record<string, Json> {
    const sitelinks: Record<string, Json> = {};
    for (const quad of this.graph.store.match(null, namedNode(`${NS.schema}about`), subject, null)) {
      const article = quad.subject as ReturnType<typeof namedNode>;
      const language = this.objects(article, `${NS.schema}inLanguage`).at(0)?.value ?? 'en';
      const title = this.objects(article, `${NS.schema}name`).at(0)?.value ?? '';
      const site = `${language}wiki`;
      sitelinks[site] = { site, title, badges: [], ...(withUrls ? { url: article.value } : {}) };
    }
    return sitelinks;
  }

  private byLanguage(
    subject: ReturnType<typeof namedNode>,
    predicate: string,
    keep: (term: Term) => boolean,
  ): Record<string, Json> {
    const result: Record<string, Json> = {};
    for (const term of this.objects(subject, predicate).filter(keep)) {
      const language = (term as ReturnType<typeof literal>).language;
      result[language] = { language, value: term.value };
    }
    return result;
  }

  private objects(subject: ReturnType<typeof namedNode>, predicate: string): Term[] {
    return this.graph.store.match(subject, namedNode(predicate), null, null).map((quad) => quad.object as Term);
  }
}

function apiError(code: string, info: string): Json {
  return {
    error: { code, info, '*': 'See https://www.wikidata.org/w/api.php for API usage.' },
    servedby: 'fake-mw-api',
  };
}

/** Statement nodes end with their position ("…-P31-2"): claims keep Wikidata's order. */
function statementOrder(iri: string): number {
  return Number(/-(\d+)$/.exec(iri)?.[1] ?? 0);
}

function hashOf(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(8, '0').repeat(5);
}
