import { Injectable, ValidationPipe } from '@nestjs/common';
import { invalidRequest } from './invalid-request';
import { validationFields } from './validation-fields';

/**
 * Validates and converts the query and body DTOs of the REST API. Unknown query parameters and body fields are
 * refused rather than ignored, so that a typo (`?states=`) is a 400 and not a silently unfiltered list. The 400
 * has the ApiError shape with `fields` naming each bad field.
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
}
