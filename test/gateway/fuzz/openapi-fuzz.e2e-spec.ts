import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CreatedToken, FlowSummary } from '@relais/contracts';
import { DomainRegistry } from '@relais/domain-kit';
import { DOMAINS } from '@relais/domains';

/** Every flow the shipped domains declare. */
const FLOW_CATALOGUE = new DomainRegistry(DOMAINS).flows();
import { parametersSchemaOf } from '../../../apps/gateway/src/api/flows/parameters-schema';
import { useApiGateway } from '../api-test-gateway';
import { callApi, createToken } from '../gateway-harness';
import {
  bodyCases,
  pathValueCases,
  propertyCases,
  queryCases,
  queryKeyCases,
  resolveSchema,
  toJson,
  validValue,
  type FuzzCase,
  type JsonSchema,
} from './fuzz-cases';
import { closeRawAgent, rawRequest, type RawResponse } from './raw-http';

/**
 * Every operation of the OpenAPI document the gateway serves, fuzzed with malformed inputs generated from its
 * schemas (a new route is fuzzed without anyone writing a case for it): bodies (types, sizes, depth, unicode,
 * reserved keys, malformed JSON, other content types), query parameters and path encodings, as the weakest role
 * the route admits; and a sample of them with no token, a bad token and each weaker role. It fails on any 5xx, a
 * 400 that names no field, an input the schema forbids that is not refused, a run created from bad input, and a
 * huge input whose refusal is slow or stalls the health endpoint.
 */

interface Operation {
  method: string;
  /** OpenAPI path, `{param}` placeholders included. */
  template: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | null;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface Failure {
  request: string;
  status: number;
  why: string;
  body: string;
}

const ROLES = ['viewer', 'operator', 'admin'] as const;
type Role = (typeof ROLES)[number];
/** Requests in flight at once. */
const CONCURRENCY = 8;
/** Cases sent with each weaker role, no token and a bad token (all must be 401/403). */
const AUTH_SAMPLE = 12;
/** At most this many cases per operation and path (the suite stays within its time budget). */
const MAX_CASES = 400;
/** A huge body's refusal, and the health endpoint meanwhile, must answer within these (it took 19.9 s). */
const HUGE_REFUSAL_MS = 3_000;
const HEALTH_DURING_HUGE_MS = 1_500;

describe('gateway fuzzing from the OpenAPI document', () => {
  const api = useApiGateway({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  const tokens = {} as Record<Role, string>;
  const failures: Failure[] = [];
  let operations: Operation[] = [];
  let flows: FlowSummary[] = [];
  let sent = 0;

  beforeAll(async () => {
    const [viewer, operator]: CreatedToken[] = await Promise.all([
      createToken(api.gateway, 'fuzz-viewer', 'viewer'),
      createToken(api.gateway, 'fuzz-operator', 'operator'),
    ]);
    Object.assign(tokens, { viewer: viewer.token, operator: operator.token, admin: api.gateway.adminToken });
    const document = (await callApi<OpenApiDocument>(api.gateway, 'GET', '/api/docs-json')).body;
    operations = operationsOf(document);
    // The catalogue's flows: the engine's test flows that the harness adds are not worth fuzzing.
    const catalogue = new Set(FLOW_CATALOGUE.map((contract) => contract.name));
    flows = (await callApi<FlowSummary[]>(api.gateway, 'GET', '/api/flows')).body.filter((flow) =>
      catalogue.has(flow.name),
    );
  });

  afterAll(() => {
    closeRawAgent();
  });

  const send = async (method: string, path: string, fuzz: FuzzCase, token: string | null): Promise<RawResponse> => {
    sent += 1;
    const headers: Record<string, string> = { ...fuzz.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const query = fuzz.query === undefined ? '' : `?${fuzz.query}`;
    return rawRequest(api.gateway.url, { method, path: (fuzz.path ?? path) + query, headers, body: fuzz.body });
  };

  /** The weakest role let past the access guard: probed with a body every route refuses, so nothing changes. */
  const weakestRole = async (operation: Operation, path: string): Promise<Role | 'public'> => {
    const probe: FuzzCase = {
      label: 'probe',
      bad: true,
      headers: { 'content-type': 'application/json' },
      body: '{"prototype":1}',
    };
    if ((await send(operation.method, path, probe, null)).status !== 401) return 'public';
    for (const role of ROLES) {
      if ((await send(operation.method, path, probe, tokens[role])).status !== 403) return role;
    }
    throw new Error(`${operation.method} ${path}: every role is refused`);
  };

  const runCount = async (): Promise<number> => {
    const rows = await api.gateway.app
      .get(DataSource)
      .query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM flow_runs');
    return Number(rows[0].n);
  };

  /** Sends every case as `token`, checks each answer, and that no run appeared from a refused or bad case. */
  const fuzzAs = async (operation: Operation, path: string, cases: FuzzCase[], token: string): Promise<void> => {
    const before = await runCount();
    let accepted = 0;
    await inPool(cases.slice(0, MAX_CASES), CONCURRENCY, async (fuzz) => {
      const response = await send(operation.method, path, fuzz, token);
      const request = `${operation.method} ${fuzz.path ?? path}${fuzz.query ? `?${fuzz.query.slice(0, 60)}` : ''} [${fuzz.label}]`;
      const problem = judge(operation, fuzz, response);
      if (problem) failures.push({ request, status: response.status, why: problem, body: excerpt(response.body) });
      if (response.status < 300 && !fuzz.bad) accepted += 1;
    });
    const created = (await runCount()) - before;
    if (created > accepted) {
      failures.push({
        request: `${operation.method} ${path}`,
        status: 0,
        why: `${created} runs created but only ${accepted} inputs were valid and accepted`,
        body: '',
      });
    }
  };

  it('covers the API: flows, runs, deployments, tokens, stats, the seed-compatible routes', () => {
    const templates = operations.map((operation) => `${operation.method} ${operation.template}`);
    expect(templates).toEqual(
      expect.arrayContaining([
        'POST /api/flows/{name}/runs',
        'GET /api/runs',
        'POST /api/tokens',
        'POST /api/scrutart/flows/process-batch',
        'GET /api/stats',
      ]),
    );
    expect(flows.map((flow) => flow.name)).toEqual(expect.arrayContaining(FLOW_CATALOGUE.map((flow) => flow.name)));
  });

  it('bounds every string and array of every flow of the catalogue', () => {
    const unbounded: string[] = [];
    for (const contract of FLOW_CATALOGUE) {
      const schema = parametersSchemaOf(contract.params) as JsonSchema;
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const types = [property.type, property.items?.type].flat();
        if (types.includes('array') && property.maxItems === undefined) unbounded.push(`${contract.name} ${name}`);
        for (const [where, value] of [
          [name, property],
          [`${name}[]`, property.items],
        ] as const) {
          if (value?.type === 'string' && value.maxLength === undefined && !value.enum) {
            unbounded.push(`${contract.name} ${where}`);
          }
        }
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('answers every malformed input without a 5xx, refusing what the schemas forbid with a named field', async () => {
    for (const operation of operations) {
      for (const target of targetsOf(operation, flows)) {
        const cases = casesFor(operation, target);
        const role = await weakestRole(operation, target.path);
        if (role === 'public') {
          await fuzzAs(operation, target.path, cases, tokens.admin);
          continue;
        }
        await fuzzAs(operation, target.path, cases, tokens[role]);
        const sample = sampleOf(cases, AUTH_SAMPLE);
        const weaker: [string, string | null, number][] = [
          ['no token', null, 401],
          ['bad token', `relais_${'x'.repeat(43)}`, 401],
          ...ROLES.slice(0, ROLES.indexOf(role)).map((weak): [string, string, number] => [weak, tokens[weak], 403]),
        ];
        for (const [who, token, expected] of weaker) {
          await inPool(sample, CONCURRENCY, async (fuzz) => {
            const response = await send(operation.method, target.path, fuzz, token);
            if (response.status !== expected && !(fuzz.path && response.status === 400)) {
              failures.push({
                request: `${operation.method} ${fuzz.path ?? target.path} as ${who} [${fuzz.label}]`,
                status: response.status,
                why: `expected ${expected}: the token is checked before the input`,
                body: excerpt(response.body),
              });
            }
          });
        }
      }
    }
    expect({ failures: failures.slice(0, 25), count: failures.length }).toEqual({ failures: [], count: 0 });
    // A few thousand requests, a fixed number (MAX_CASES and the generators bound it): about 30 s on one database.
    expect(sent).toBeGreaterThan(2_000);
    // The count grows with every domain's routes; on a 2-core machine running both databases' passes it took 106 s.
  }, 300_000);

  it('refuses a huge body quickly, and the health endpoint keeps answering meanwhile', async () => {
    const slow: string[] = [];
    for (const operation of operations.filter((candidate) => candidate.body)) {
      for (const target of targetsOf(operation, flows)) {
        const body = hugeBody(operation, target, api.gateway.config.gateway.bodyLimitBytes);
        const huge = { refusing: true };
        let slowestHealth = 0;
        const probe = (async () => {
          while (huge.refusing) {
            const startedAt = performance.now();
            await rawRequest(api.gateway.url, { method: 'GET', path: '/api/health' });
            slowestHealth = Math.max(slowestHealth, performance.now() - startedAt);
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        })();
        const response = await rawRequest(api.gateway.url, {
          method: operation.method,
          path: target.path,
          headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
          body,
        });
        huge.refusing = false;
        await probe;
        const label = `${operation.method} ${target.path} (${Math.round(body.length / 1024)} KB)`;
        if (response.status >= 500) slow.push(`${label}: ${response.status}`);
        if (response.ms > HUGE_REFUSAL_MS)
          slow.push(`${label}: answered ${response.status} in ${Math.round(response.ms)} ms`);
        if (slowestHealth > HEALTH_DURING_HUGE_MS)
          slow.push(`${label}: /api/health took ${Math.round(slowestHealth)} ms`);
      }
    }
    expect(slow).toEqual([]);
  });
});

interface Target {
  path: string;
  /** The flow whose parameters the body carries (POST /api/flows/{name}/runs). */
  flow?: FlowSummary;
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const components = document.components?.schemas ?? {};
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        query: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: resolveSchema(parameter.schema, components) })),
        body: bodySchema ? resolveSchema(bodySchema, components) : null,
      });
    }
  }
  return operations;
}

/**
 * Concrete paths for an operation: `{name}` under /api/flows takes every flow's name (each flow's parameters are
 * fuzzed), other `{name}`s an unknown name, `{id}` an unknown UUID, anything else a value no route accepts (so no
 * Wikidata lookup starts).
 */
function targetsOf(operation: Operation, flows: FlowSummary[]): Target[] {
  if (operation.template.startsWith('/api/flows/{name}') && operation.pathParams.includes('name')) {
    return flows.map((flow) => ({ path: operation.template.replace('{name}', flow.name), flow }));
  }
  let path = operation.template;
  for (const param of operation.pathParams) {
    const value = param === 'id' ? randomUUID() : param === 'name' ? 'no-such-name' : 'not-a-value';
    path = path.replace(`{${param}}`, value);
  }
  return [{ path }];
}

function casesFor(operation: Operation, target: Target): FuzzCase[] {
  const cases: FuzzCase[] = [];
  if (operation.body) {
    if (target.flow) {
      const schema = target.flow.parametersSchema as JsonSchema & { $defs?: Record<string, JsonSchema> };
      const defs = schema.$defs ?? {};
      const base = requiredValues(schema, defs);
      cases.push(...bodyCases({ ...operation.body, additionalProperties: false }, { parameters: base }));
      cases.push(...propertyCases(schema, base, (parameters) => ({ parameters }), defs));
    } else {
      const base = requiredValues(operation.body, {});
      cases.push(...bodyCases(operation.body, base));
      cases.push(...propertyCases(operation.body, base));
    }
  } else if (operation.method !== 'GET') {
    // A route without a body is still sent one: it must be refused the same way, never half-read.
    cases.push(...bodyCases({ type: 'object' }, {}).filter((fuzz) => fuzz.bad));
  }
  for (const { name, schema } of operation.query) cases.push(...queryCases(name, schema));
  cases.push(...queryKeyCases());
  for (const param of operation.pathParams) {
    for (const { label, value, bad } of pathValueCases()) {
      const path = target.path
        .split('/')
        .map((segment, index) => (operation.template.split('/')[index] === `{${param}}` ? value : segment))
        .join('/');
      cases.push({ label: `path ${param}: ${label}`, bad, path });
    }
  }
  return cases;
}

/** Valid values for the required properties (so that each case breaks one thing only). */
function requiredValues(schema: JsonSchema, defs: Record<string, JsonSchema>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of schema.required ?? []) {
    const value = validValue(schema.properties?.[name] ?? {}, defs);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** What is wrong with an answer to `fuzz`, or null. */
function judge(operation: Operation, fuzz: FuzzCase, response: RawResponse): string | null {
  if (response.status >= 500) return 'server error';
  if (fuzz.bad && response.status < 400) return 'the schema forbids this input, yet it was accepted';
  if (response.status === 400 && !namesAField(operation, response.body)) return '400 without a named field';
  return null;
}

/** An ApiError with `fields`, or a seed `{error}` whose message names a parameter of the route. */
function namesAField(operation: Operation, body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  const { fields, error } = body as { fields?: Record<string, unknown>; error?: unknown };
  if (fields && Object.keys(fields).length > 0) return true;
  if (typeof error !== 'string') return false;
  const names = [
    ...operation.pathParams,
    ...operation.query.map((parameter) => parameter.name),
    ...Object.keys(operation.body?.properties ?? {}),
  ];
  return names.some((name) => new RegExp(`^${name}\\b`).test(error));
}

/** ~1 MB (just under the body limit) of distinct numbers in the first array field, or in a field of its own. */
function hugeBody(operation: Operation, target: Target, limitBytes: number): string {
  const schema = (target.flow?.parametersSchema as JsonSchema | undefined) ?? operation.body ?? {};
  const field =
    Object.entries(schema.properties ?? {}).find(([, property]) => property.type === 'array')?.[0] ??
    Object.keys(schema.properties ?? {}).at(0) ??
    'items';
  const numbers: number[] = [];
  let size = 64;
  for (let n = 0; size < limitBytes - 2_048; n++) {
    numbers.push(n);
    size += String(n).length + 1;
  }
  const object = { ...requiredValues(schema, {}), [field]: numbers };
  return toJson(target.flow ? { parameters: object } : object);
}

/** Every n-th case, so that each kind of input is represented. */
function sampleOf(cases: FuzzCase[], count: number): FuzzCase[] {
  const step = Math.max(1, Math.floor(cases.length / count));
  return cases.filter((_fuzz, index) => index % step === 0).slice(0, count);
}

function excerpt(body: unknown): string {
  return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, () => worker()));
}
