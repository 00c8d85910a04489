import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidRequestError } from '../relais-error';

/**
 * `raw` (a body or a query) as an instance of `type`, validated: unknown fields refused, each problem under its
 * field's name; throws InvalidRequestError (400 with `fields`).
 */
export function validatedInput<T extends object>(type: new () => T, raw: unknown): T {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new InvalidRequestError({ body: ['must be a JSON object'] });
  }
  const input = plainToInstance(type, raw ?? {});
  const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  const fields = fieldsOf(errors);
  for (const [field, value] of Object.entries(input)) {
    if (value === null) fields[field] ??= [`${field} must not be null: leave it out to use its default`];
  }
  if (Object.keys(fields).length > 0) throw new InvalidRequestError(fields);
  return input;
}

function fieldsOf(errors: ValidationError[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    fields[error.property] = Object.values(error.constraints ?? {}).map((message) =>
      message.replace(/^property (\S+) should not exist$/, '$1 is not a field of this request'),
    );
  }
  return fields;
}
