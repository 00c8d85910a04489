import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PRINCIPAL } from './current-principal.decorator';
import type { Principal } from './principal';

type LoggedRequest = IncomingMessage & { originalUrl?: string; [PRINCIPAL]?: Principal };

/**
 * One debug line per HTTP request once it is answered: method, URL, status, time and which token made it (by
 * name). URLs can carry secrets (`/admin/queues?token=…`): the application logger redacts them.
 */
export function accessLogMiddleware(): (request: LoggedRequest, response: ServerResponse, next: () => void) => void {
  const logger = new Logger('HTTP');
  return (request, response, next) => {
    const startedAt = process.hrtime.bigint();
    response.on('finish', () => {
      const ms = Number((process.hrtime.bigint() - startedAt) / 1_000_000n);
      const principal = request[PRINCIPAL];
      const who = principal ? `token "${principal.name}" (${principal.role})` : 'no valid token';
      logger.debug(
        `${request.method ?? '?'} ${request.originalUrl ?? request.url ?? ''} ${response.statusCode} ${ms} ms, ${who}`,
      );
    });
    next();
  };
}
