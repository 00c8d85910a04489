import { Injectable, ValidationPipe } from '@nestjs/common';
import { ValidationError, type ValidatorOptions } from 'class-validator';
import { isNullable } from '@relais/contracts';
import { invalidRequest } from './invalid-request';
import { validationFields } from './validation-fields';

/**
 * Validates and converts the query and body DTOs of the REST API. Unknown query parameters and body fields are
 * refused rather than ignored, so that a typo (`?states=`) is a 400 and not a silently unfiltered list. The 400
 * has the ApiError shape with `fields` naming each bad field. `null` is refused like in flow parameters (see
 * validateParams): @IsOptional would let it through as if the field were absent.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: (errors) => invalidRequest(validationFields(errors)),
    });
  }

  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const reported = new Set(errors.map((error) => error.property));
    for (const [property, value] of Object.entries(object as Record<string, unknown>)) {
      if (value !== null || reported.has(property) || isNullable(object, property)) continue;
      const error = new ValidationError();
      Object.assign(error, {
        target: object,
        property,
        value,
        children: [],
        constraints: { isNotNull: `${property} must not be null: leave it out to use its default` },
      });
      errors.push(error);
    }
    return errors;
  }
}
