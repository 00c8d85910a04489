import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isNullable, type FlowContract } from '@relais/contracts';
import { InvalidParamsError } from '../errors';
import { jsonShapeProblems } from './json-shape';

/**
 * Validates raw parameters against the flow's DTO and returns them normalised (defaults filled in) as plain
 * JSON, which is what the run record stores. Refused, each with the field named: a shape the validators must not
 * see (too deep, reserved keys such as `constructor`: see jsonShapeProblems), unknown fields (a typo is not
 * silently ignored), and `null` for a parameter not declared @Nullable (null is not "the default": leave the
 * field out for that).
 */
export function validateParams(contract: FlowContract, raw: unknown): Record<string, unknown> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new InvalidParamsError(contract.name, { parameters: ['must be an object'] });
  }
  const shapeProblems = jsonShapeProblems(raw ?? {});
  if (shapeProblems) throw new InvalidParamsError(contract.name, shapeProblems);
  const dto = plainToInstance(contract.params, raw ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  const problems = collectProblems(errors);
  for (const field of undeclaredNulls(dto)) {
    problems[field] ??= ['must not be null: leave it out to use its default'];
  }
  if (Object.keys(problems).length > 0) throw new InvalidParamsError(contract.name, problems);
  return instanceToPlain(dto);
}

/** Rebuilds the DTO instance from stored parameters (already validated when the run was accepted). */
export function hydrateParams<P extends object>(contract: FlowContract<P>, stored: Record<string, unknown>): P {
  return plainToInstance(contract.params, stored);
}

/**
 * The fields of `dto` (nested DTOs and arrays included) that hold null without being declared @Nullable. class-validator's
 * @IsOptional skips null like undefined, so without this check null would replace the default.
 */
function undeclaredNulls(dto: object): string[] {
  const found: string[] = [];
  const pending: { value: object; path: string }[] = [{ value: dto, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: object; path: string };
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item: unknown, index) => [`[${index}]`, item])
      : Object.entries(value);
    for (const [key, child] of entries) {
      const field = Array.isArray(value) ? `${path}${key}` : path ? `${path}.${key}` : key;
      if (child === null && (Array.isArray(value) || !isNullable(value, key))) found.push(field);
      else if (isDtoOrArray(child)) pending.push({ value: child, path: field });
    }
  }
  return found;
}

/** Nested DTOs (instances of a @Type class) and arrays are walked; a free-form object parameter is data. */
function isDtoOrArray(value: unknown): value is object {
  return (
    value !== null &&
    typeof value === 'object' &&
    (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype)
  );
}

function collectProblems(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      problems[field] = Object.values(error.constraints).map((message) =>
        message.replace(/^property (\S+) should not exist$/, 'is not a parameter of this flow'),
      );
    }
    if (error.children?.length) Object.assign(problems, collectProblems(error.children, field));
  }
  return problems;
}
