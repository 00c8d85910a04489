import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { HTTP_STATUS_OF_ERROR_KIND, RelaisError, type ApiError } from '@relais/contracts';
import { errorMessage, outageOf } from '@relais/engine';

interface ErrorReply {
  status: number;
  /** ApiError, or the body a route chose itself (the health report of a 503). */
  body: ApiError | object;
  /** Seconds, for a 503: when a client may try again. */
  retryAfterSeconds?: number;
}

/**
 * What a 503 tells a client to wait: a database or Redis outage is over in seconds (a restart, a failover), and
 * a client retrying sooner only adds load to the service coming back.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Every HTTP error of the gateway as an ApiError: a RelaisError becomes the status of its kind (any domain's,
 * with no edit here), and anything else is a 500 whose real cause is logged, never sent. (The body parser's
 * refusals never get here: they are noted and thrown as HttpExceptions by RequestProblemGuard, see
 * request-body.middleware.ts.) Controllers with their own filter (the seed-compatible Scrutart routes) keep their
 * shapes.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    // socket.io has its own error path; rethrowing is what Nest does when no filter applies.
    if (host.getType() !== 'http') throw exception;
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const { status, body, retryAfterSeconds } = replyFor(exception);
    if (retryAfterSeconds !== undefined) {
      // A dependency is away: worth a line, not a stack (every request fails the same way until it is back).
      if (!(exception instanceof RelaisError)) this.logger.warn(`Service unavailable: ${errorMessage(exception)}`);
    } else if (status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(`Unexpected error: ${errorMessage(exception)}`, (exception as Error | undefined)?.stack);
    }
    if (httpAdapter.isHeadersSent(response)) {
      // Part of a reply has gone out (a stream failed midway): all that is left is to end it.
      httpAdapter.end(response);
      return;
    }
    if (retryAfterSeconds !== undefined) httpAdapter.setHeader(response, 'Retry-After', String(retryAfterSeconds));
    httpAdapter.reply(response, body, status);
  }
}

function replyFor(exception: unknown): ErrorReply {
  if (exception instanceof HttpException) return httpExceptionReply(exception);
  if (exception instanceof RelaisError) {
    const reply = apiError(HTTP_STATUS_OF_ERROR_KIND[exception.kind], exception.publicMessage, exception.fields);
    return exception.kind === 'unavailable' ? { ...reply, retryAfterSeconds: RETRY_AFTER_SECONDS } : reply;
  }
  // The database or Redis away is a 503 to retry, not a 500: the same request may well succeed in a few seconds.
  const outage = outageOf(exception);
  if (outage) {
    const message = `The ${outage === 'database' ? 'database' : 'queue (Redis)'} is unavailable: try again shortly`;
    return { ...apiError(HttpStatus.SERVICE_UNAVAILABLE, message), retryAfterSeconds: RETRY_AFTER_SECONDS };
  }
  return apiError(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
}

/**
 * Nest's own exceptions (404 of an unknown route, 401/403 of the guard, 429 of the throttler, DTO 400s, the
 * health check's 503). Every 503 says when to come back, whichever route raised it.
 */
function httpExceptionReply(exception: HttpException): ErrorReply {
  const reply = httpExceptionBody(exception);
  const unavailable: number = HttpStatus.SERVICE_UNAVAILABLE;
  return reply.status === unavailable ? { ...reply, retryAfterSeconds: RETRY_AFTER_SECONDS } : reply;
}

function httpExceptionBody(exception: HttpException): ErrorReply {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return apiError(status, response);
  const shaped = response as Partial<ApiError> & { message?: unknown };
  // An object without statusCode is a body the route built on purpose (the health report): send it as it is.
  if (typeof shaped.statusCode !== 'number') return { status, body: response };
  const message = Array.isArray(shaped.message) ? shaped.message.map(String).join('; ') : String(shaped.message);
  return apiError(status, message, shaped.fields);
}

function apiError(status: number, message: string, fields?: Record<string, string[]>): ErrorReply {
  const body: ApiError = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  if (fields) body.fields = fields;
  return { status, body };
}
