/**
 * Malformed inputs generated from JSON Schemas (the OpenAPI document's and the flows' parametersSchema), for the
 * OpenAPI fuzz suite. Each case says whether the schema forbids it (`bad`): the gateway must refuse those with a
 * 4xx; the others (a unicode string where any string is allowed) may pass, but never with a 5xx.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
  allOf?: JsonSchema[];
}

/** A JSON fragment written as it is (`1e999`, which JSON.stringify cannot produce). */
export class RawJson {
  constructor(
    readonly text: string,
    /** What JSON.parse makes of it; `deep` for nesting beyond any schema. */
    readonly parsed: unknown,
    readonly deep = false,
  ) {}
}

export interface FuzzCase {
  label: string;
  /** The schema forbids it: must be refused with a 4xx. */
  bad: boolean;
  /** Replaces the operation's path (path-encoding cases). */
  path?: string;
  /** Raw query string, without `?`. */
  query?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Deeper than the gateway's limit (32) and than what overflowed class-validator's stack (~1 300). */
const DEEP = 3_000;

/** JSON text of `value`, with RawJson fragments inserted verbatim and keys written as given (`__proto__`). */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** An object whose own keys include `__proto__` (an object literal would set the prototype instead). */
export function withKey(key: string, value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

function deepArrays(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`, undefined, true);
}

function deepObjects(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, undefined, true);
}

/** Resolves `$ref: #/components/schemas/X` (and a single allOf) against the OpenAPI document. */
export function resolveSchema(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): JsonSchema {
  let current = schema ?? {};
  for (let hops = 0; hops < 10; hops++) {
    if (current.$ref) current = components[current.$ref.split('/').pop() ?? ''] ?? {};
    else if (current.allOf?.length === 1) current = current.allOf[0];
    else break;
  }
  return current;
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/**
 * True when `value` breaks `schema` (the subset of JSON Schema the gateway's documents use). `defs` resolves
 * `#/$defs/…` references of a flow's parametersSchema.
 */
export function violates(schema: JsonSchema, value: unknown, defs: Record<string, JsonSchema> = {}): boolean {
  if (schema.$ref) return violates(defs[schema.$ref.split('/').pop() ?? ''] ?? {}, value, defs);
  if (value instanceof RawJson) return value.deep || violates(schema, value.parsed, defs);
  if (value === null) return schema.nullable !== true && !typesOf(schema).includes('null');
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) return true;
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((type) => hasType(type, value))) return true;
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return true;
    if (schema.minLength !== undefined && [...value].length < schema.minLength) return true;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return true;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return true;
    if (schema.maximum !== undefined && value > schema.maximum) return true;
    if (schema.minimum !== undefined && value < schema.minimum) return true;
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return true;
    if (schema.minItems !== undefined && value.length < schema.minItems) return true;
    if (schema.uniqueItems && new Set(value).size !== value.length) return true;
    const items = schema.items;
    if (items && value.some((item) => violates(items, item, defs))) return true;
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (['__proto__', 'constructor', 'prototype'].includes(key)) return true;
      const property = schema.properties?.[key];
      if (property) {
        if (violates(property, object[key], defs)) return true;
      } else if (schema.additionalProperties === false) return true;
    }
    for (const key of schema.required ?? []) if (!(key in object)) return true;
  }
  return false;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/** A value `schema` accepts, when one of a few candidates does (the default first); undefined otherwise. */
export function validValue(schema: JsonSchema, defs: Record<string, JsonSchema> = {}): unknown {
  const candidates: unknown[] = [schema.default, schema.enum?.[0], 'Q296', 'example', 1, 0, true, {}];
  if (schema.items) {
    const item = validValue(schema.items, defs);
    if (item !== undefined) candidates.push([item]);
  }
  return candidates.find((candidate) => candidate !== undefined && !violates(schema, candidate, defs));
}

interface ValueMutation {
  label: string;
  value: unknown;
}

/** Values that a field of `schema` might be sent: wrong types, out of bounds, unicode, deep, reserved keys. */
export function valueMutations(schema: JsonSchema): ValueMutation[] {
  const mutations: ValueMutation[] = [
    { label: 'null', value: null },
    { label: 'empty object', value: {} },
    { label: 'empty array', value: [] },
    { label: 'boolean', value: true },
    { label: 'integer', value: 1 },
    { label: 'float', value: 1.5 },
    { label: 'negative', value: -1 },
    { label: 'huge integer', value: 2 ** 63 },
    { label: '1e999 (Infinity)', value: new RawJson('1e999', Infinity) },
    { label: '-0', value: new RawJson('-0', -0) },
    { label: 'numeric string', value: '1' },
    { label: 'string', value: 'x' },
    { label: 'empty string', value: '' },
    { label: 'long string', value: 'a'.repeat(10_000) },
    { label: 'CRLF injection', value: 'a\r\nX-Injected: 1' },
    { label: 'NUL byte', value: 'a\u0000b' },
    { label: 'escape sequence', value: '\u001b[31mred' },
    { label: 'C1 control', value: 'a\u0085b' },
    { label: 'markup', value: '<script>alert(1)</script>' },
    { label: 'emoji and CJK', value: 'é漢字🙂' },
    { label: 'right-to-left override', value: '\u202Egpj.exe' },
    { label: 'zero-width space', value: '\u200b' },
    { label: 'lone surrogate', value: new RawJson('"\\ud800"', '\ud800') },
    { label: 'fullwidth digits', value: '１２' },
    { label: 'SQL', value: "' OR 1=1 --" },
    { label: 'deep arrays', value: deepArrays(DEEP) },
    { label: 'deep objects', value: deepObjects(DEEP) },
    { label: 'constructor key', value: { constructor: 'x' } },
    { label: 'constructor.prototype', value: { constructor: { prototype: {} } } },
    { label: '__proto__ key', value: withKey('__proto__', { polluted: true }) },
    { label: 'prototype key', value: { prototype: 1 } },
    { label: 'array of nulls', value: [null] },
    { label: 'array of objects', value: [{}] },
  ];
  if (schema.maximum !== undefined) mutations.push({ label: 'maximum + 1', value: schema.maximum + 1 });
  if (schema.minimum !== undefined) mutations.push({ label: 'minimum - 1', value: schema.minimum - 1 });
  if (schema.maxLength !== undefined) {
    mutations.push({ label: 'maxLength + 1', value: 'a'.repeat(schema.maxLength + 1) });
  }
  if (schema.enum) {
    const first = String(schema.enum[0]);
    mutations.push(
      { label: 'enum upper case', value: first.toUpperCase() },
      { label: 'enum with trailing space', value: `${first} ` },
      { label: 'enum with zero-width space', value: `${first}\u200b` },
    );
  }
  const items = schema.items;
  if (items) {
    const item = validValue(items) ?? 'x';
    if (schema.maxItems !== undefined) {
      mutations.push({ label: 'maxItems + 1', value: Array.from({ length: schema.maxItems + 1 }, () => item) });
    }
    mutations.push({ label: 'duplicate items', value: [item, item] });
    for (const inner of valueMutations({ ...items, items: undefined }).slice(0, 12)) {
      mutations.push({ label: `item: ${inner.label}`, value: [inner.value] });
    }
  }
  return mutations;
}

/** Malformed or unexpected bodies for any operation that takes one, whatever its schema. */
export function bodyCases(schema: JsonSchema, base: Record<string, unknown>): FuzzCase[] {
  const json = { 'content-type': 'application/json' };
  const text = toJson(base);
  const cases: FuzzCase[] = [
    ...['{', '{"a":1,}', "{'a':1}", '{"a":1}}', '{"a":"\\x"}', '[', '"', 'nul', '\u0000', '{"a":01}'].map((body) => ({
      label: `malformed JSON ${JSON.stringify(body)}`,
      bad: true,
      headers: json,
      body,
    })),
    ...['[]', '"x"', '1', 'null', 'true', '[{}]'].map((body) => ({
      label: `JSON ${body} instead of an object`,
      bad: true,
      headers: json,
      body,
    })),
    ...[
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'garbage',
      ';;;',
      'application/json; charset=latin1',
      'application/json; charset=utf-7',
    ].map((type) => ({ label: `Content-Type ${type}`, bad: true, headers: { 'content-type': type }, body: text })),
    { label: 'no Content-Type', bad: true, headers: {}, body: text },
    {
      label: 'gzip that is not',
      bad: true,
      headers: { ...json, 'content-encoding': 'gzip' },
      body: text,
    },
    { label: 'root __proto__', bad: true, headers: json, body: toJson({ ...withKey('__proto__', { x: 1 }), ...base }) },
    { label: 'root constructor', bad: true, headers: json, body: toJson({ ...base, constructor: { prototype: {} } }) },
    { label: 'root prototype', bad: true, headers: json, body: toJson({ ...base, prototype: 1 }) },
    { label: 'root deep arrays', bad: true, headers: json, body: toJson({ ...base, zz: deepArrays(DEEP) }) },
    { label: 'root deep objects', bad: true, headers: json, body: toJson({ ...base, zz: deepObjects(DEEP) }) },
    { label: 'key with CRLF', bad: true, headers: json, body: toJson({ ...base, 'a\r\nb': 1 }) },
    { label: 'very long key', bad: true, headers: json, body: toJson({ ...base, ['k'.repeat(5_000)]: 1 }) },
    {
      label: 'unknown field',
      bad: schema.additionalProperties === false,
      headers: json,
      body: toJson({ ...base, zz_unknown: 1 }),
    },
  ];
  return cases;
}

/** One case per mutation of each property of `schema`, the other properties keeping `base`'s values. */
export function propertyCases(
  schema: JsonSchema,
  base: Record<string, unknown>,
  wrap: (object: Record<string, unknown>) => Record<string, unknown> = (object) => object,
  defs: Record<string, JsonSchema> = {},
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const resolved = property.$ref ? (defs[property.$ref.split('/').pop() ?? ''] ?? property) : property;
    for (const mutation of valueMutations(resolved)) {
      const object = { ...base, [name]: mutation.value };
      cases.push({
        label: `${name}: ${mutation.label}`,
        bad: violates(schema, object, defs) || isStructurallyBad(mutation.value),
        headers: { 'content-type': 'application/json' },
        body: toJson(wrap(object)),
      });
    }
  }
  return cases;
}

/** Deep nesting and reserved keys are refused whatever the schema says of the field. */
function isStructurallyBad(value: unknown): boolean {
  if (value instanceof RawJson) return value.deep;
  if (value === null || typeof value !== 'object') return false;
  return Object.keys(value).some((key) => ['__proto__', 'constructor', 'prototype'].includes(key));
}

/** Values for a query parameter, raw (already percent-encoded where needed). */
export function queryCases(name: string, schema: JsonSchema): FuzzCase[] {
  const values = [
    'abc',
    '1.5',
    '-1',
    '0',
    '1e3',
    '99999999999999999999',
    '',
    '%20%201',
    '%00',
    '%0d%0aX-Injected:%201',
    '%FF',
    '%E2%80%AE',
    '%F0%9F%99%82',
    'a'.repeat(6_000),
    '%5B%5D',
    'true',
  ];
  const cases: FuzzCase[] = values.map((value) => ({
    label: `?${name}=${value.slice(0, 30)}`,
    bad: queryValueIsBad(schema, value),
    query: `${name}=${value}`,
  }));
  cases.push(
    { label: `?${name} twice`, bad: typesOf(schema).includes('integer'), query: `${name}=1&${name}=2` },
    { label: `?${name}[]=`, bad: false, query: `${name}%5B%5D=1` },
  );
  return cases;
}

function queryValueIsBad(schema: JsonSchema, raw: string): boolean {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch (_malformed) {
    return false;
  }
  if (typesOf(schema).includes('integer')) {
    if (value === '') return false;
    if (!/^-?\d+$/.test(value.trim())) return true;
    return violates({ ...schema, type: 'integer' }, Number(value));
  }
  if (schema.enum && value !== '') return !schema.enum.includes(value);
  if (schema.maxLength !== undefined) return value.length > schema.maxLength;
  return false;
}

/** Query keys no route takes: reserved ones must be refused everywhere. */
export function queryKeyCases(): FuzzCase[] {
  return [
    { label: '?__proto__=1', bad: true, query: '__proto__=1' },
    { label: '?constructor=x', bad: true, query: 'constructor=x' },
    { label: '?prototype=1', bad: true, query: 'prototype=1' },
    // Express's query parser reads no brackets: this is one key named `__proto__[x]`, unknown like any other.
    { label: '?__proto__[x]=1', bad: false, query: '__proto__%5Bx%5D=1' },
    { label: '?zz_unknown=1', bad: false, query: 'zz_unknown=1' },
  ];
}

/** Path parameter values with odd encodings; the invalid percent-encodings must be refused. */
export function pathValueCases(): { label: string; value: string; bad: boolean }[] {
  return [
    { label: '%FF', value: '%FF', bad: true },
    { label: 'overlong UTF-8', value: '%C0%AF', bad: true },
    { label: 'encoded lone surrogate', value: '%ED%A0%80', bad: true },
    { label: 'truncated escape', value: '%E2%80', bad: true },
    { label: 'lone %', value: '%', bad: true },
    { label: '%ZZ', value: '%ZZ', bad: true },
    { label: 'NUL', value: '%00', bad: false },
    { label: 'CRLF', value: '%0d%0a', bad: false },
    { label: 'encoded slash dot-dot', value: '..%2F..%2Fapi%2Ftokens', bad: false },
    { label: '%2e%2e', value: '%2e%2e', bad: false },
    { label: 'emoji', value: '%F0%9F%99%82', bad: false },
    { label: 'right-to-left override', value: '%E2%80%AE', bad: false },
    { label: 'percent', value: '%25', bad: false },
    { label: 'very long', value: 'a'.repeat(4_000), bad: false },
    { label: 'SQL', value: "'%20OR%201=1", bad: false },
    { label: 'space', value: '%20', bad: false },
  ];
}
