import { HttpClient } from '../http/http.client';
import { RequestAbortedError, UnexpectedResponseError } from '../http/integration.errors';
import { ClientHttpOptions, httpSettingsOf } from '../http/http-settings';
import { RequestContext } from '../http/request-context';
import { parseRetryAfter } from '../http/retry-after';
import type { ConcurrencyLimit } from '../http/concurrency-limit';
import { Semaphore } from '../http/semaphore';
import { TtlCache } from '../http/ttl-cache';
import { simplifyEntity } from './entity-simplifier';
import { RawEntitiesResponse } from './wbgetentities.types';
import { WikidataApiError } from './wikidata-api.error';
import {
  GetEntitiesOptions,
  SparqlQueryOptions,
  SparqlSelectResult,
  SparqlTerm,
  WikidataEntities,
  WikidataEntity,
  WikidataEntityProp,
} from './wikidata.types';

export interface WikidataClientOptions extends ClientHttpOptions {
  /** Action API endpoint, e.g. https://www.wikidata.org/w/api.php */
  apiUrl: string;
  /** Query Service endpoint, e.g. https://query.wikidata.org/sparql */
  sparqlUrl: string;
  /** Query Service requests in flight at once for this client instance (Wikimedia asks for at most 5). */
  maxConcurrent: number;
  /**
   * The Query Service's slots when they must be shared with other processes (a RedisSemaphore of
   * maxConcurrent slots); without it the limit holds in this process only.
   */
  querySlots?: ConcurrencyLimit;
  cacheTtlMs: number;
  /** Sent as maxlag= to the Action API (Wikimedia etiquette for bots); null to omit. Default 5. */
  maxlagSeconds?: number | null;
}

/** wbgetentities accepts at most 50 ids per request. */
const ENTITY_BATCH = 50;
const DEFAULT_PROPS: WikidataEntityProp[] = ['info', 'labels', 'descriptions', 'aliases', 'claims', 'sitelinks/urls'];
const ENTITY_ID = /^[QPL][1-9]\d*$/;

interface RawSparqlResults {
  head?: { vars?: string[] };
  results?: { bindings?: Record<string, SparqlTerm>[] };
}

/** Wikidata Action API (wbgetentities) and Query Service (SPARQL) client with cache and concurrency limit. */
export class WikidataClient {
  private readonly actionApi: HttpClient;
  private readonly queryService: HttpClient;
  private readonly querySlots: ConcurrencyLimit;
  private readonly sparqlCache: TtlCache<SparqlSelectResult>;
  private readonly entityCache: TtlCache<WikidataEntity | null>;

  constructor(readonly options: WikidataClientOptions) {
    this.actionApi = new HttpClient(httpSettingsOf('Wikidata Action API', options));
    this.queryService = new HttpClient(httpSettingsOf('Wikidata Query Service', options));
    this.querySlots = options.querySlots ?? new Semaphore(options.maxConcurrent);
    this.sparqlCache = new TtlCache(options.cacheTtlMs, 500);
    this.entityCache = new TtlCache(options.cacheTtlMs, 5000);
  }

  /**
   * Fetches entities by id with wbgetentities, 50 per request. Ids Wikidata reports missing, and ids that are
   * not entity ids at all ("Qabc"), are listed in `missing` rather than thrown.
   */
  async getEntities(
    ids: string[],
    options: GetEntitiesOptions = {},
    ctx: RequestContext = {},
  ): Promise<WikidataEntities> {
    const props = options.props ?? DEFAULT_PROPS;
    const languages = options.languages ?? [];
    const keyOf = (id: string): string => `${id}|${props.join(',')}|${languages.join(',')}`;
    const wanted = [...new Set(ids.map((id) => id.trim().toUpperCase()))];
    const found = new Map<string, WikidataEntity | null>();
    const toFetch: string[] = [];
    for (const id of wanted) {
      if (!ENTITY_ID.test(id)) {
        found.set(id, null);
        continue;
      }
      const cached = options.cache === false ? undefined : this.entityCache.get(keyOf(id));
      if (cached === undefined) toFetch.push(id);
      else found.set(id, cached);
    }
    for (let start = 0; start < toFetch.length; start += ENTITY_BATCH) {
      const batch = toFetch.slice(start, start + ENTITY_BATCH);
      const fetched = await this.fetchEntities(batch, props, languages, ctx);
      for (const id of batch) {
        const entity = fetched.get(id) ?? null;
        found.set(id, entity);
        this.entityCache.set(keyOf(id), entity);
      }
    }
    const result: WikidataEntities = { entities: {}, missing: [] };
    for (const id of wanted) {
      const entity = found.get(id) ?? null;
      if (entity) result.entities[id] = entity;
      else result.missing.push(id);
    }
    return result;
  }

  /** One entity, or null when Wikidata reports it missing. */
  async getEntity(
    id: string,
    options: GetEntitiesOptions = {},
    ctx: RequestContext = {},
  ): Promise<WikidataEntity | null> {
    const result = await this.getEntities([id], options, ctx);
    return result.entities[id.trim().toUpperCase()] ?? null;
  }

  /**
   * Runs a SELECT query on the Query Service (POST form `query=`, JSON results), at most maxConcurrent at once
   * per client, cached by query text for cacheTtlMs (identical concurrent queries share one request).
   */
  async sparqlSelect(
    query: string,
    options: SparqlQueryOptions = {},
    ctx: RequestContext = {},
  ): Promise<SparqlSelectResult> {
    if (options.cache === false) return this.runSparql(query, ctx);
    return this.sparqlCache.getOrLoad(query, () => this.runSparql(query, ctx));
  }

  /** Link to the Query Service UI showing this query (optionally as a chart: 'BarChart', 'ImageGrid'…). */
  queryLink(query: string, view?: string): string {
    const base = this.options.sparqlUrl.replace(/\/sparql\/?$/, '/');
    const text = view ? `#defaultView:${view}\n${query}` : query;
    return `${base}#${encodeURIComponent(text)}`;
  }

  /** Query Service requests running now (never above maxConcurrent). */
  get queriesInFlight(): number {
    return this.querySlots.inUse;
  }

  private async runSparql(query: string, ctx: RequestContext): Promise<SparqlSelectResult> {
    const raw = await this.postSparql(query, ctx);
    const bindings = raw.results?.bindings;
    if (!Array.isArray(bindings)) {
      throw new UnexpectedResponseError(
        'Wikidata Query Service',
        'results.bindings is missing (was it a SELECT query?)',
      );
    }
    return { vars: raw.head?.vars ?? [], rows: bindings };
  }

  private async postSparql(query: string, ctx: RequestContext): Promise<RawSparqlResults> {
    try {
      return await this.querySlots.run(async () => {
        const { data } = await this.queryService.json<RawSparqlResults>(
          {
            method: 'POST',
            url: this.options.sparqlUrl,
            headers: {
              accept: 'application/sparql-results+json',
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: new URLSearchParams({ query }),
          },
          ctx,
        );
        return data;
      }, ctx.signal);
    } catch (error) {
      // Aborted while waiting for a slot: the semaphore rejects with the bare signal reason.
      if (ctx.signal?.aborted && !(error instanceof RequestAbortedError)) {
        throw new RequestAbortedError('Wikidata Query Service', this.options.sparqlUrl, ctx.signal.reason);
      }
      throw error;
    }
  }

  private async fetchEntities(
    ids: string[],
    props: WikidataEntityProp[],
    languages: string[],
    ctx: RequestContext,
  ): Promise<Map<string, WikidataEntity>> {
    const params = new URLSearchParams({
      action: 'wbgetentities',
      format: 'json',
      ids: ids.join('|'),
      props: props.join('|'),
    });
    if (languages.length > 0) params.set('languages', languages.join('|'));
    const maxlag = this.options.maxlagSeconds === undefined ? 5 : this.options.maxlagSeconds;
    if (maxlag !== null) params.set('maxlag', String(maxlag));
    const url = `${this.options.apiUrl}?${params.toString()}`;
    for (let retry = 0; ; retry += 1) {
      const { data, response } = await this.actionApi.json<RawEntitiesResponse>({ url }, ctx);
      if (data.error) {
        // maxlag is answered with HTTP 200 and an error body: wait as told, like a 429, except that a wait
        // beyond the Retry-After ceiling is shortened to it rather than refused.
        if (data.error.code === 'maxlag' && retry < this.options.maxRetries) {
          const delayMs = parseRetryAfter(response.headers.get('retry-after')) ?? this.actionApi.backoffMs(retry);
          await this.actionApi.pause(
            Math.min(delayMs, this.actionApi.maxRetryAfterMs),
            this.options.apiUrl,
            ctx.signal,
          );
          continue;
        }
        throw new WikidataApiError(data.error.code, data.error.info);
      }
      const found = new Map<string, WikidataEntity>();
      for (const [key, raw] of Object.entries(data.entities ?? {})) {
        if (raw.missing !== undefined) continue;
        const entity = simplifyEntity(raw);
        found.set(raw.redirects?.from ?? key, entity);
        found.set(entity.id, entity);
      }
      return found;
    }
  }
}
