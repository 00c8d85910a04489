import type { RJSFSchema, ValidationData, ValidatorType } from '@rjsf/utils';

/**
 * The form library's validator, without a JSON-schema compiler: @rjsf/validator-ajv8 compiles schemas with
 * `new Function`, which the gateway's Content-Security-Policy forbids (script-src 'self', no 'unsafe-eval').
 * The flow's own validation on the gateway is the authority anyway: its 400 names each bad field and the form
 * shows the message there (placeApiErrors). Here, only what the form needs to pick among `oneOf`/`anyOf`
 * branches: a value's JSON type against the branch's `type`, `const` and `enum`.
 */
export const serverValidator: ValidatorType<unknown> = {
  validateFormData(): ValidationData<unknown> {
    return { errors: [], errorSchema: {} };
  },
  isValid(schema, formData) {
    return matchesShape(schema, formData);
  },
  rawValidation() {
    return { errors: [] };
  },
};

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Shallow: type, const and enum of the schema itself, required keys of an object. */
export function matchesShape(schema: RJSFSchema, value: unknown): boolean {
  if (typeof schema !== 'object') return true;
  if (schema.const !== undefined && schema.const !== value) return false;
  if (schema.enum && !schema.enum.includes(value as never)) return false;
  if (schema.type !== undefined && value !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = jsonType(value);
    if (!types.some((type) => type === actual || (type === 'number' && actual === 'integer'))) return false;
  }
  if (schema.required && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (!schema.required.every((key) => Object.hasOwn(value, key))) return false;
  }
  return true;
}
