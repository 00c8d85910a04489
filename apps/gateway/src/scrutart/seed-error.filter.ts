import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InvalidParamsError, RunNotFoundError, RunStateConflictError, UnknownFlowError } from '@relais/engine';
import { IntegrationError, NotFoundOnWikidata } from '@relais/integrations';
import { SeedRequestError } from './seed-request.error';

/** The seed's error body: other systems read `error`; `fields` names each bad parameter when there are several. */
export interface SeedErrorBody {
  error: string;
  fields?: Record<string, string[]>;
}

/**
 * Answers every error of the seed-compatible routes with the seed's `{error: "..."}` body (the generic API's
 * errors keep their own shape). Scoped to the Scrutart controllers with `@UseFilters`, so it also shapes the
 * auth guard's 401/403 and the rate limiter's 429 on these routes.
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
    if (exception instanceof SeedRequestError) return { status: exception.status, body: { error: exception.message } };
    if (exception instanceof InvalidParamsError) {
      return { status: HttpStatus.BAD_REQUEST, body: { error: exception.message, fields: exception.fields } };
    }
    if (exception instanceof RunNotFoundError) {
      return { status: HttpStatus.NOT_FOUND, body: { error: `Flow run ${exception.runId} not found` } };
    }
    if (exception instanceof RunStateConflictError) {
      return { status: HttpStatus.CONFLICT, body: { error: exception.message } };
    }
    if (exception instanceof UnknownFlowError) {
      // The gateway was built without the Scrutart contracts: a deployment mistake, not the caller's.
      return { status: HttpStatus.SERVICE_UNAVAILABLE, body: { error: `${exception.message} in this gateway` } };
    }
    if (exception instanceof NotFoundOnWikidata)
      return { status: HttpStatus.NOT_FOUND, body: { error: exception.message } };
    if (exception instanceof IntegrationError) {
      // Wikidata (or another service) failed after its retries: the gateway's upstream, not the caller, is at fault.
      // Its message names internal URLs and answers, which are for the log (below), not for every viewer.
      return {
        status: HttpStatus.BAD_GATEWAY,
        body: { error: `${exception.service} did not answer as expected: try again later` },
      };
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
