import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HTTP_STATUS_OF_ERROR_KIND, RelaisError } from '@relais/contracts';
import { RunNotFoundError } from '@relais/engine';
import { IntegrationError } from '@relais/integrations';

/** The seed's error body: other systems read `error`; `fields` names each bad parameter when there are several. */
export interface SeedErrorBody {
  error: string;
  fields?: Record<string, string[]>;
}

/**
 * Answers every error of the seed-compatible routes with the seed's `{error: "..."}` body (the generic API's
 * errors keep their own shape), with the status every route gives an error of that kind. Scoped to the
 * Scrutart controllers with `@UseFilters`, so it also shapes the auth guard's 401/403 and the rate limiter's 429
 * on these routes.
 */
@Catch()
export class SeedErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScrutartApi');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = this.describe(exception);
    if (status >= 500) {
      this.logger.error(
        exception instanceof IntegrationError ? exception.message : body.error,
        exception instanceof Error && !(exception instanceof IntegrationError) ? exception.stack : undefined,
      );
    }
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }

  private describe(exception: unknown): { status: number; body: SeedErrorBody } {
    if (exception instanceof RelaisError) {
      const status = HTTP_STATUS_OF_ERROR_KIND[exception.kind];
      // The seed's wording for an unknown run, which its callers match.
      const error =
        exception instanceof RunNotFoundError ? `Flow run ${exception.runId} not found` : exception.publicMessage;
      return { status, body: exception.fields ? { error, fields: exception.fields } : { error } };
    }
    if (exception instanceof HttpException) {
      // The 400s of the request checks (a body too deep, a reserved key…) name their fields like the API's.
      const { fields } = exception.getResponse() as { fields?: Record<string, string[]> };
      return {
        status: exception.getStatus(),
        body: fields ? { error: httpExceptionMessage(exception), fields } : { error: httpExceptionMessage(exception) },
      };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { error: 'Internal server error' } };
  }
}

/** The human message of a Nest HTTP exception (its response may be a string, or an object with `message`). */
function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}
