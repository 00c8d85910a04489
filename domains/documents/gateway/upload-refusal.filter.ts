import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@relais/contracts';

/**
 * The multipart parser's refusals (a file over DOCUMENTS_MAX_BYTES: 413, a second file, an unexpected field, a
 * malformed body: 400) in the API's error shape, naming the `file` field like the route's own refusals.
 */
@Catch(HttpException)
export class UploadRefusalFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const status = exception.getStatus();
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const shaped = exception.getResponse();
    const existing = typeof shaped === 'object' ? (shaped as Partial<ApiError>) : {};
    const message =
      status === 413 ? 'The file is larger than DOCUMENTS_MAX_BYTES allows' : (existing.message ?? exception.message);
    const body: ApiError = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
      fields: existing.fields ?? { file: [message] },
    };
    response.statusCode = status;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }
}
