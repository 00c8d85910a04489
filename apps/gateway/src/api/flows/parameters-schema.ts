import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ParamsClass } from '@relais/contracts';

// class-transformer ships no typings for this entry point; its @Type() metadata gives the item types of arrays.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

type JsonSchema = Record<string, unknown>;

const DEFS_POINTER = '#/$defs/';
const SCHEMA_OPTIONS = { refPointerPrefix: DEFS_POINTER, classTransformerMetadataStorage: defaultMetadataStorage };

/**
 * The JSON Schema of a flow's parameters, generated from its class-validator DTO, with the defaults that
 * `new Params()` sets. A field with a default is not required of the caller (the engine fills it in), and
 * unknown fields are refused, as the engine's validation does. Nested DTOs are inlined under `$defs`.
 */
export function parametersSchemaOf(params: ParamsClass<object>): JsonSchema {
  const generated = targetConstructorToSchema(params, SCHEMA_OPTIONS) as JsonSchema;
  const properties = { ...((generated.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const defaults = new params() as Record<string, unknown>;
  for (const [name, property] of Object.entries(properties)) {
    const value = defaults[name];
    if (value !== undefined) properties[name] = { ...property, default: structuredClone(value) };
  }
  const required = ((generated.required as string[] | undefined) ?? []).filter((name) => defaults[name] === undefined);
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...generated,
    type: 'object',
    properties,
    additionalProperties: false,
  };
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  const definitions = referencedDefinitions(schema);
  if (Object.keys(definitions).length > 0) schema.$defs = definitions;
  return schema;
}

/** The schemas of the nested DTOs `schema` refers to, transitively. */
function referencedDefinitions(schema: JsonSchema): Record<string, JsonSchema> {
  const found: Record<string, JsonSchema> = {};
  let known: Partial<Record<string, JsonSchema>> | undefined;
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...(node as unknown[]));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key !== '$ref' || typeof value !== 'string' || !value.startsWith(DEFS_POINTER)) {
          pending.push(value);
          continue;
        }
        const name = value.slice(DEFS_POINTER.length);
        known ??= validationMetadatasToSchemas(SCHEMA_OPTIONS) as Partial<Record<string, JsonSchema>>;
        const definition = known[name];
        if (definition && !(name in found)) {
          found[name] = definition;
          pending.push(definition);
        }
      }
    }
  }
  return found;
}
