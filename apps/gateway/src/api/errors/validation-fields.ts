import type { ValidationError } from 'class-validator';

/** Where a problem with the request as a whole (not one of its fields) is reported. */
const WHOLE_REQUEST_FIELD = 'request';

/**
 * class-validator's errors as `field → problems`, nested fields dotted (`parameters.limit`), so that a 400 names
 * every bad field at once. Messages name the field themselves ("limit must not be greater than 500").
 */
export function validationFields(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const name = error.property ? (parent ? `${parent}.${error.property}` : error.property) : parent;
    const field = name || WHOLE_REQUEST_FIELD;
    if (error.constraints) {
      fields[field] = Object.values(error.constraints).map((message) =>
        message.replace(/^property (\S+) should not exist$/, '$1 is not accepted here'),
      );
    }
    if (error.children?.length) Object.assign(fields, validationFields(error.children, name));
  }
  return fields;
}

/** One line naming each field and what is wrong with it. */
export function describeFields(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, problems]) => `${field}: ${problems.join(', ')}`)
    .join('; ');
}
