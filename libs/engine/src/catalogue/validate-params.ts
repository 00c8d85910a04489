import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { FlowContract } from '@relais/contracts';
import { InvalidParamsError } from '../errors';

/**
 * Validates raw parameters against the flow's DTO and returns them normalised (defaults filled in) as plain
 * JSON, which is what the run record stores. Unknown fields are rejected so that a typo is not silently ignored.
 */
export function validateParams(contract: FlowContract, raw: unknown): Record<string, unknown> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new InvalidParamsError(contract.name, { parameters: ['must be an object'] });
  }
  const dto = plainToInstance(contract.params, raw ?? {});
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new InvalidParamsError(contract.name, collectProblems(errors));
  return instanceToPlain(dto);
}

/** Rebuilds the DTO instance from stored parameters (already validated when the run was accepted). */
export function hydrateParams<P extends object>(contract: FlowContract<P>, stored: Record<string, unknown>): P {
  return plainToInstance(contract.params, stored);
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
