import { BadRequestException, HttpStatus } from '@nestjs/common';
import type { ApiError } from '@relais/contracts';
import { describeFields } from './validation-fields';

/** The 400 of a request with bad fields, in the ApiError shape with `fields` naming each of them. */
export function invalidRequest(fields: Record<string, string[]>): BadRequestException {
  const body: ApiError = {
    statusCode: HttpStatus.BAD_REQUEST,
    error: 'Bad Request',
    message: `Invalid request: ${describeFields(fields)}`,
    fields,
  };
  return new BadRequestException(body);
}
